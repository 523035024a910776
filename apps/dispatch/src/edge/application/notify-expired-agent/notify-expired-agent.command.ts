import { Command } from '@nestjs/cqrs';

/** What came of an agent's expiry: a call placed, or why not. */
export type ExpiryNoticeResult =
  | 'placed'
  | 'refused'
  | 'not-an-expiry'
  | 'too-late'
  | 'not-asked'
  | 'no-contact-point'
  | 'no-account'
  | 'unknown-agent'
  | 'no-phone-number';

/** An agent went offline (the presence event); call them with the Offline prompt if their flow asks. */
export class NotifyExpiredAgentCommand extends Command<ExpiryNoticeResult> {
  constructor(
    readonly eventId: string,
    readonly tenantId: string,
    readonly agentId: string,
    readonly reason: string,
    readonly occurredAt: Date,
  ) {
    super();
  }
}
