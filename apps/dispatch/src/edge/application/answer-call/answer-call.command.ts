import { Command } from '@nestjs/cqrs';
import type { Deadline } from '@tp/ddd';
import type { CallAnswer } from '../../../common/call-answer';
import type { WebhookOrigin } from '../webhook-origins';

/** A new call reached a contact point (Twilio's Voice URL webhook, signature verified). */
export class AnswerCallCommand extends Command<CallAnswer> {
  constructor(
    readonly origin: WebhookOrigin,
    readonly call: {
      readonly callSid: string;
      readonly from: string;
      readonly to: string;
      readonly callStatus?: string;
      readonly stirVerstat?: string;
    },
    readonly deadline: Deadline,
  ) {
    super();
  }
}
