import type { Flow, FlowGraph, FlowProblem, FlowType, FlowVersion } from '@tp/flow-domain';

/** A flow as the admin API shows it. */
export interface FlowView {
  readonly id: string;
  readonly name: string;
  readonly type: FlowType;
  /** The newest version's number; 0 before the first. */
  readonly latestVersion: number;
  /** The version calls run, or null while none is published. */
  readonly publishedVersion: number | null;
  readonly publishedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One version of a flow, with what would stop it from being published (media's prompts aside). */
export interface FlowVersionView {
  readonly flowId: string;
  readonly version: number;
  readonly graph: FlowGraph;
  readonly published: boolean;
  readonly problems: FlowProblem[];
  readonly createdAt: string;
}

export function toFlowView(flow: Flow): FlowView {
  return {
    id: flow.id,
    name: flow.name,
    type: flow.type,
    latestVersion: flow.latestVersion,
    publishedVersion: flow.publishedVersion,
    publishedAt: flow.publishedAt?.toISOString() ?? null,
    createdAt: flow.createdAt.toISOString(),
    updatedAt: flow.updatedAt.toISOString(),
  };
}

export function toFlowVersionView(version: FlowVersion, publishedVersion: number | null): FlowVersionView {
  return {
    flowId: version.flowId,
    version: version.version,
    graph: version.graph,
    published: version.version === publishedVersion,
    problems: version.problems(),
    createdAt: version.createdAt.toISOString(),
  };
}
