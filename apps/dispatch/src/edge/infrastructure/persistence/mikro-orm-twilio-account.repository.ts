import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TenantTwilioAccount, TwilioAccountRepository } from '@tp/dispatch-domain';
import { NotifiedCache, RowChanges } from '@tp/platform';
import { AesGcmTokenCipher } from '../crypto/aes-gcm-token.cipher';
import { TwilioAccountRecord } from './twilio-account.record';

/**
 * The tenants' own Twilio accounts; the Auth Token is sealed on the way in and opened on the way out.
 * A tenant's account is read on every webhook of its numbers, so each replica keeps the opened
 * accounts it read until a committed change of the row tells it otherwise (ADR 30).
 */
@Injectable()
export class MikroOrmTwilioAccountRepository extends TwilioAccountRepository {
  private readonly byTenant: NotifiedCache<TenantTwilioAccount | null>;

  constructor(
    private readonly em: EntityManager,
    private readonly cipher: AesGcmTokenCipher,
    changes: RowChanges,
  ) {
    super();
    this.byTenant = changes.cache('twilio_account');
  }

  find(tenantId: string): Promise<TenantTwilioAccount | null> {
    return this.byTenant.get(tenantId, async () => {
      const record = await this.em.findOne(TwilioAccountRecord, { tenantId }, { disableIdentityMap: true });
      return record ? this.toAccount(record) : null;
    });
  }

  async findByAccountSid(accountSid: string): Promise<TenantTwilioAccount[]> {
    const records = await this.em.find(TwilioAccountRecord, { accountSid }, { disableIdentityMap: true });
    return records.map((record) => this.toAccount(record));
  }

  async save(account: TenantTwilioAccount): Promise<void> {
    await this.em.upsert(
      TwilioAccountRecord,
      {
        tenantId: account.tenantId,
        accountSid: account.accountSid,
        authTokenSealed: this.cipher.seal(account.authToken, account.tenantId),
        updatedAt: account.updatedAt,
      },
      { onConflictFields: ['tenantId'], onConflictAction: 'merge' },
    );
    this.byTenant.forget(account.tenantId);
  }

  async remove(tenantId: string): Promise<boolean> {
    const removed = (await this.em.nativeDelete(TwilioAccountRecord, { tenantId })) > 0;
    this.byTenant.forget(tenantId);
    return removed;
  }

  private toAccount(record: TwilioAccountRecord): TenantTwilioAccount {
    return TenantTwilioAccount.restore(
      record.tenantId,
      record.accountSid,
      this.cipher.open(record.authTokenSealed, record.tenantId),
      record.updatedAt,
    );
  }
}
