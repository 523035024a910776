import type { FlowRef } from '../media.errors';

/** Which published flows play a tenant's prompts (flow-runtime knows). */
export abstract class PromptUsage {
  /**
   * The published flows that use any of `promptIds`; empty when none does. Throws
   * {@link PromptUsageUnknown} when the answer cannot be had, so nothing is deleted unchecked.
   */
  abstract flowsUsing(tenantId: string, promptIds: readonly string[]): Promise<FlowRef[]>;
}
