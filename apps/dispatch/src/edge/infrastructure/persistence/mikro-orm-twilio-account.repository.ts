import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TenantTwilioAccount, TwilioAccountRepository } from '@tp/dispatch-domain';
import { AesGcmTokenCipher } from '../crypto/aes-gcm-token.cipher';
import { TwilioAccountRecord } from './twilio-account.record';

/** The tenants' own Twilio accounts; the Auth Token is sealed on the way in and opened on the way out. */
@Injectable()
export class MikroOrmTwilioAccountRepository extends TwilioAccountRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly cipher: AesGcmTokenCipher,
  ) {
    super();
  }

  async find(tenantId: string): Promise<TenantTwilioAccount | null> {
    const record = await this.em.findOne(TwilioAccountRecord, { tenantId }, { disableIdentityMap: true });
    return record ? this.toAccount(record) : null;
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
  }

  async remove(tenantId: string): Promise<boolean> {
    return (await this.em.nativeDelete(TwilioAccountRecord, { tenantId })) > 0;
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
