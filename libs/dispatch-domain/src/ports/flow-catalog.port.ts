/** A flow as a mapping needs to know it. */
export interface FlowSummary {
  readonly flowId: string;
  readonly name: string;
  /** The published version, or null while the flow has none. */
  readonly publishedVersion: number | null;
}

/** The tenant's flows (flow-runtime knows them). */
export abstract class FlowCatalog {
  /**
   * The flow, or null when the tenant has no such flow. Throws {@link FlowCheckUnavailable} when
   * no valid answer can be had, so that nothing is saved unchecked.
   */
  abstract findFlow(tenantId: string, flowId: string): Promise<FlowSummary | null>;
}
