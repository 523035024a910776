import { Command } from '@nestjs/cqrs';

/** An SMS to one of dispatch's numbers (Twilio's messaging webhook); answers the reply text or null. */
export class ReceiveSmsCommand extends Command<string | null> {
  constructor(
    /** The tenant whose active mapping holds `To`; null for a number no mapping knows. */
    readonly tenantId: string | null,
    readonly messageSid: string,
    readonly from: string,
    readonly to: string,
    readonly body: string,
  ) {
    super();
  }
}
