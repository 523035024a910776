import { Injectable } from '@nestjs/common';
import {
  CallLog,
  DispatchMappingRepository,
  NoticeCallRepository,
  type CallRecord,
  type DispatchMapping,
  type NoticeCall,
  type TwilioAccountOwner,
  type TwilioCredentials,
} from '@tp/dispatch-domain';
import { PhoneNumber } from '@tp/telephony-domain';
import { CallRouting } from '../../routing';
import { TwilioCredentialsSource } from '../../common/twilio-credentials.source';

/** The webhooks Twilio calls. */
export type WebhookKind =
  | 'voice'
  | 'gather'
  | 'status'
  | 'notice'
  | 'queue-wait'
  | 'queue-result'
  | 'queue-timeout'
  | 'offer-screen'
  | 'offer-answer'
  | 'offer-status'
  | 'sms';

/** What a webhook belongs to, as far as dispatch knows: tenant, mapping, call, notice. */
export interface WebhookOrigin {
  readonly tenantId: string | null;
  readonly mapping: DispatchMapping | null;
  readonly call: CallRecord | null;
  readonly notice: NoticeCall | null;
}

export interface ResolvedOrigin {
  readonly origin: WebhookOrigin;
  /** The Auth Tokens the request may be signed with (those of the account that owns the number). */
  readonly credentials: TwilioCredentials[];
}

const NOWHERE: WebhookOrigin = { tenantId: null, mapping: null, call: null, notice: null };

/**
 * Finds what a webhook belongs to, and so whose Auth Token must have signed it:
 * - `voice`: the mapping of `To` (the contact point called);
 * - `gather`, `status`: the call by `CallSid`, else the mapping of `To` (inbound) or `From` (a call
 *   dispatch placed);
 * - `notice`: the notice call named in the URL, else the mapping of `From`;
 * - `queue-wait`, `queue-result`, `queue-timeout`: the caller's call by `CallSid`, as for `gather`;
 * - `offer-*`: the offer named in the URL (the agent leg dispatch placed), else the mapping of `From`;
 * - `sms`: the mapping of `To` (the tenant's SMS sender number).
 * A number no mapping knows can only be verified with an account that has the request's
 * `AccountSid` (the platform's, or a tenant's own): then the caller hears it is not in service.
 * Nothing is trusted before the signature checks out; this only picks the key to check it with.
 */
@Injectable()
export class WebhookOrigins {
  constructor(
    private readonly mappings: DispatchMappingRepository,
    private readonly calls: CallLog,
    private readonly notices: NoticeCallRepository,
    private readonly credentials: TwilioCredentialsSource,
    private readonly routing: CallRouting,
  ) {}

  async resolve(
    kind: WebhookKind,
    params: Readonly<Record<string, string | undefined>>,
    query: Readonly<Record<string, string | undefined>>,
  ): Promise<ResolvedOrigin> {
    if (kind === 'notice') {
      const notice = query.notice === undefined ? null : await this.notices.find(query.notice);
      if (notice) return this.owned({ ...NOWHERE, tenantId: notice.tenantId, notice }, notice.twilioAccount);
      return this.byNumber(params.From, params);
    }
    if (kind === 'offer-screen' || kind === 'offer-answer' || kind === 'offer-status') {
      // An agent leg dispatch placed for an offer: the offer in the URL names tenant and account.
      const offer =
        query.offer === undefined ? null : await this.routing.offerOwner(query.offer).catch(() => null);
      if (offer) return this.owned({ ...NOWHERE, tenantId: offer.tenantId }, offer.twilioAccount);
      return this.byNumber(params.From, params);
    }
    if (
      kind === 'gather' ||
      kind === 'status' ||
      kind === 'queue-wait' ||
      kind === 'queue-result' ||
      kind === 'queue-timeout'
    ) {
      const call = params.CallSid === undefined ? null : await this.calls.find(params.CallSid);
      if (call) return this.owned({ ...NOWHERE, tenantId: call.tenantId, call }, call.twilioAccount);
      if (kind === 'status' && params.Direction !== undefined && params.Direction !== 'inbound')
        return this.byNumber(params.From, params);
    }
    return this.byNumber(params.To, params);
  }

  private async byNumber(
    number: string | undefined,
    params: Readonly<Record<string, string | undefined>>,
  ): Promise<ResolvedOrigin> {
    const phone = PhoneNumber.tryParse(number);
    const mapping = phone ? await this.mappings.findByPhoneNumber(phone.value) : null;
    if (mapping)
      return this.owned({ ...NOWHERE, tenantId: mapping.tenantId, mapping }, mapping.twilioAccount);
    return { origin: NOWHERE, credentials: await this.credentials.byAccountSid(params.AccountSid) };
  }

  private async owned(origin: WebhookOrigin, owner: TwilioAccountOwner): Promise<ResolvedOrigin> {
    const credentials = await this.credentials.forOwner(owner, origin.tenantId!);
    return { origin, credentials: credentials ? [credentials] : [] };
  }
}
