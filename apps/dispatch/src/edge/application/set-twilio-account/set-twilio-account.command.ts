import { Command } from '@nestjs/cqrs';
import type { TwilioAccountView } from '../twilio-account.view';

export class SetTwilioAccountCommand extends Command<TwilioAccountView> {
  constructor(
    readonly tenantId: string,
    readonly accountSid: string,
    readonly authToken: string,
  ) {
    super();
  }
}
