import { PromptUsage, PromptUsageUnknown, type FlowRef } from '@tp/media-domain';

/**
 * Which flows use which prompts, as a test says; or, after {@link goDown}, no answer at all, as
 * when flow-runtime does not reply.
 */
export class FakePromptUsage extends PromptUsage {
  private readonly uses: { tenantId: string; promptId: string; flow: FlowRef }[] = [];
  private down = false;
  /** Every question asked, oldest first. */
  readonly asked: { tenantId: string; promptIds: string[] }[] = [];

  /** Declares that a published flow of the tenant plays the prompt. */
  usedBy(tenantId: string, promptId: string, flow: FlowRef): this {
    this.uses.push({ tenantId, promptId, flow });
    return this;
  }

  goDown(): this {
    this.down = true;
    return this;
  }

  flowsUsing(tenantId: string, promptIds: readonly string[]): Promise<FlowRef[]> {
    this.asked.push({ tenantId, promptIds: [...promptIds] });
    if (this.down) return Promise.reject(new PromptUsageUnknown(promptIds, 'flow-runtime did not answer'));
    const flows = new Map<string, FlowRef>();
    for (const use of this.uses) {
      if (use.tenantId === tenantId && promptIds.includes(use.promptId)) flows.set(use.flow.flowId, use.flow);
    }
    return Promise.resolve([...flows.values()]);
  }
}
