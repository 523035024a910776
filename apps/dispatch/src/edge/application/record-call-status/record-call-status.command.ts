import { Command } from '@nestjs/cqrs';
import type { CallProgress } from '@tp/dispatch-domain';
import type { WebhookOrigin } from '../webhook-origins';

/** A status callback of a call (signature verified). */
export class RecordCallStatusCommand extends Command<CallProgress | null> {
  constructor(
    readonly origin: WebhookOrigin,
    readonly callSid: string,
    readonly report: CallProgress,
    readonly call: { readonly from: string; readonly to: string; readonly direction?: string },
  ) {
    super();
  }
}
