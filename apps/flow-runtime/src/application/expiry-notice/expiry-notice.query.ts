import { Query } from '@nestjs/cqrs';
import type { SpeechStep } from '@tp/contracts';

export type ExpiryNoticeView = { notify: false } | { notify: true; flowId: string; steps: SpeechStep[] };

/** Whether to call an agent whose hours ran out, and what to play (`flow-runtime.cmd.expiry-notice`). */
export class ExpiryNoticeQuery extends Query<ExpiryNoticeView> {
  constructor(
    readonly tenantId: string,
    readonly agentId: string,
  ) {
    super();
  }
}
