import { FlowCatalog, FlowCheckUnavailable, type FlowSummary } from '@tp/dispatch-domain';

/** The tenants' flows as a test declares them; or, after {@link goDown}, no answer at all. */
export class FakeFlowCatalog extends FlowCatalog {
  private readonly flows = new Map<string, FlowSummary>();
  private down = false;
  /** Every flow asked about, oldest first. */
  readonly asked: { tenantId: string; flowId: string }[] = [];

  /** A flow of the tenant, published at `publishedVersion` (null: a draft never published). */
  withFlow(
    tenantId: string,
    flowId: string,
    publishedVersion: number | null = 1,
    name = 'Timed Presence',
  ): this {
    this.flows.set(`${tenantId}/${flowId}`, { flowId, name, publishedVersion });
    return this;
  }

  goDown(): this {
    this.down = true;
    return this;
  }

  findFlow(tenantId: string, flowId: string): Promise<FlowSummary | null> {
    this.asked.push({ tenantId, flowId });
    if (this.down) return Promise.reject(new FlowCheckUnavailable(flowId, 'flow-runtime did not answer'));
    return Promise.resolve(this.flows.get(`${tenantId}/${flowId}`) ?? null);
  }
}
