import type { Flow, FlowVersion } from '../flow';

export interface FlowPage {
  readonly items: Flow[];
  readonly total: number;
}

/** A published flow that plays some prompt: what media is told before it deletes one. */
export interface FlowUsingPrompts {
  readonly flowId: string;
  readonly name: string;
  readonly version: number;
}

/** Where flows and their versions are kept, a tenant at a time. */
export abstract class FlowRepository {
  abstract nextId(): string;
  abstract find(tenantId: string, flowId: string): Promise<Flow | null>;
  /** One version of a flow of the tenant (versions never change, so an adapter may cache them). */
  abstract findVersion(tenantId: string, flowId: string, version: number): Promise<FlowVersion | null>;
  /** The tenant's flows by name. */
  abstract list(tenantId: string, page: { limit: number; offset: number }): Promise<FlowPage>;
  /** The tenant's flows whose published version plays any of the prompts, each once. */
  abstract findPublishedUsingPrompts(
    tenantId: string,
    promptIds: readonly string[],
  ): Promise<FlowUsingPrompts[]>;
  /**
   * Writes the flow and the versions it added, in one transaction, only while the stored revision is
   * still `flow.storedRevision` (else `FLOW.CHANGED_CONCURRENTLY`); a taken name is `FLOW.NAME_TAKEN`.
   */
  abstract save(flow: Flow): Promise<void>;
}
