import type { CallProgress } from './call-progress';
import type { TwilioAccountOwner } from './mapping-fields';

export type CallDirection = 'inbound' | 'outbound-notice';

/**
 * A call that went through dispatch: which tenant, mapping and Twilio account it belongs to (so
 * that its later webhooks are verified with the right Auth Token), its flow session, and its
 * latest status.
 */
export interface CallRecord {
  readonly callSid: string;
  readonly tenantId: string;
  readonly mappingId: string | null;
  readonly twilioAccount: TwilioAccountOwner;
  readonly direction: CallDirection;
  readonly from: string;
  readonly to: string;
  readonly sessionId: string | null;
  readonly progress: CallProgress;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
