import { Command } from '@nestjs/cqrs';
import type { Deadline } from '@tp/ddd';
import type { CallAnswer } from '../../../common/call-answer';
import type { WebhookOrigin } from '../webhook-origins';

/** The keys (or the silence) of a Gather came back (the Gather action webhook, signature verified). */
export class ContinueCallCommand extends Command<CallAnswer> {
  constructor(
    readonly origin: WebhookOrigin,
    readonly callSid: string,
    readonly sessionId: string,
    readonly turn: number,
    /** `null` when the caller pressed nothing (Twilio sends an empty `Digits`). */
    readonly digits: string | null,
    readonly deadline: Deadline,
  ) {
    super();
  }
}
