import { FlowNotFound, FlowNotPublished } from './dispatch.errors';
import type { FlowSummary } from './ports/flow-catalog.port';

/** A mapping may dispatch only to a flow of its tenant that has a published version. */
export function assertDispatchableFlow(flowId: string, flow: FlowSummary | null): FlowSummary {
  if (flow === null) throw new FlowNotFound(flowId);
  if (flow.publishedVersion === null) throw new FlowNotPublished(flowId, flow.name);
  return flow;
}
