import { AggregateRoot } from '@tp/ddd';
import {
  checkGraphSize,
  firstOnDefaultPath,
  promptRefsOf,
  validateFlowGraph,
  type FlowGraph,
  type FlowNode,
  type FlowProblem,
  type NodeKinds,
} from './flow-graph';
import {
  FlowGraphInvalid,
  FlowHasNoTimedPresence,
  FlowNameInvalid,
  FlowTypeUnknown,
  FlowVersionNotFound,
} from './flow.errors';
import { NODE_KINDS } from './node-kinds';
import { TIMED_PRESENCE, timedPresenceSettings, type TimedPresenceSettings } from './timed-presence-activity';

/** The vendor's flow types this product runs: `customer` (the Timed Presence login flow is one). */
export const FLOW_TYPES = ['customer'] as const;
export type FlowType = (typeof FLOW_TYPES)[number];

export const FLOW_NAME_MAX_LENGTH = 100;

/** A flow name: trimmed, 1 to 100 characters, no control characters. */
export function parseFlowName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new FlowNameInvalid('is blank');
  if ([...trimmed].length > FLOW_NAME_MAX_LENGTH)
    throw new FlowNameInvalid(`is longer than ${FLOW_NAME_MAX_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new FlowNameInvalid('holds control characters');
  return trimmed;
}

/** Names are unique per tenant ignoring case and surrounding space: "Login" and " login" are one name. */
export function flowNameKey(name: string): string {
  return name.trim().toLowerCase();
}

export function parseFlowType(type: string): FlowType {
  if (!(FLOW_TYPES as readonly string[]).includes(type)) throw new FlowTypeUnknown(type, FLOW_TYPES);
  return type as FlowType;
}

export interface FlowVersionProps {
  readonly tenantId: string;
  readonly flowId: string;
  readonly version: number;
  readonly graph: FlowGraph;
  readonly createdAt: Date;
}

/** One version of a flow's graph. Versions never change once added: a change is a new version. */
export class FlowVersion {
  /** A version never changes: its activity is read once (every turn of every call asks). */
  private activity: { node: FlowNode; settings: TimedPresenceSettings } | null = null;

  constructor(private readonly props: FlowVersionProps) {}

  get tenantId(): string {
    return this.props.tenantId;
  }
  get flowId(): string {
    return this.props.flowId;
  }
  get version(): number {
    return this.props.version;
  }
  get graph(): FlowGraph {
    return this.props.graph;
  }
  get createdAt(): Date {
    return this.props.createdAt;
  }

  /** Every reason this version cannot be published (prompt existence aside, which only media knows). */
  problems(kinds: NodeKinds = NODE_KINDS): FlowProblem[] {
    return validateFlowGraph(this.graph, kinds);
  }

  /** The prompts the version plays, each id once, in the order of the graph. */
  promptIds(kinds: NodeKinds = NODE_KINDS): string[] {
    return [...new Set(promptRefsOf(this.graph, kinds).map((ref) => ref.promptId))];
  }

  /** Problems naming each prompt reference whose id is among `missing` (media does not have it). */
  missingPromptProblems(missing: readonly string[], kinds: NodeKinds = NODE_KINDS): FlowProblem[] {
    const gone = new Set(missing);
    return promptRefsOf(this.graph, kinds)
      .filter((ref) => gone.has(ref.promptId))
      .map((ref) => ({
        code: 'FLOW.PROMPT_NOT_FOUND',
        field: ref.field,
        node: ref.node,
        message: `the tenant has no prompt ${ref.promptId}`,
      }));
  }

  /** The Timed Presence activity a call runs (the first on the default path from the Entry), with its settings. */
  timedPresence(): { node: FlowNode; settings: TimedPresenceSettings } {
    if (this.activity !== null) return this.activity;
    const node = firstOnDefaultPath(this.graph, TIMED_PRESENCE);
    if (node === null) throw new FlowHasNoTimedPresence(this.flowId, this.version);
    this.activity = { node, settings: timedPresenceSettings(node.params) };
    return this.activity;
  }

  toSnapshot(): FlowVersionProps {
    return { ...this.props };
  }
}

export interface FlowProps {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly type: FlowType;
  /** The number of the newest version; 0 before the first. */
  readonly latestVersion: number;
  readonly publishedVersion: number | null;
  readonly publishedAt: Date | null;
  /** +1 with every change: the optimistic lock. */
  readonly revision: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type FlowEvent =
  | {
      readonly type: 'flow-created';
      readonly tenantId: string;
      readonly flowId: string;
      readonly occurredAt: Date;
    }
  | {
      readonly type: 'flow-version-added';
      readonly tenantId: string;
      readonly flowId: string;
      readonly version: FlowVersion;
      readonly occurredAt: Date;
    }
  | {
      readonly type: 'flow-version-published';
      readonly tenantId: string;
      readonly flowId: string;
      readonly version: number;
      readonly previous: number | null;
      readonly occurredAt: Date;
    };

/**
 * A flow of a tenant: a name, a type, numbered versions of its graph (drafts until published) and
 * the pointer to the version calls run. Publishing validates the whole graph; any version can be
 * published again later (a rollback is publishing an older version).
 */
export class Flow extends AggregateRoot<FlowEvent> {
  private constructor(private props: FlowProps) {
    super();
  }

  static create(input: { id: string; tenantId: string; name: string; type?: string }, now: Date): Flow {
    const flow = new Flow({
      id: input.id,
      tenantId: input.tenantId,
      name: parseFlowName(input.name),
      type: parseFlowType(input.type ?? 'customer'),
      latestVersion: 0,
      publishedVersion: null,
      publishedAt: null,
      revision: 1,
      createdAt: now,
      updatedAt: now,
    });
    flow.record({ type: 'flow-created', tenantId: input.tenantId, flowId: input.id, occurredAt: now });
    return flow;
  }

  static restore(props: FlowProps): Flow {
    return new Flow({ ...props });
  }

  get id(): string {
    return this.props.id;
  }
  get tenantId(): string {
    return this.props.tenantId;
  }
  get name(): string {
    return this.props.name;
  }
  get nameKey(): string {
    return flowNameKey(this.props.name);
  }
  get type(): FlowType {
    return this.props.type;
  }
  get latestVersion(): number {
    return this.props.latestVersion;
  }
  get publishedVersion(): number | null {
    return this.props.publishedVersion;
  }
  get publishedAt(): Date | null {
    return this.props.publishedAt;
  }
  get revision(): number {
    return this.props.revision;
  }
  /** The revision the store must still hold for a save to go through. */
  get storedRevision(): number {
    return this.props.revision - this.peekEvents().length;
  }
  get createdAt(): Date {
    return this.props.createdAt;
  }
  get updatedAt(): Date {
    return this.props.updatedAt;
  }

  /** Adds the next version (a draft: it may be incomplete; publishing checks it). */
  addVersion(graph: FlowGraph, now: Date): FlowVersion {
    checkGraphSize(graph);
    const version = new FlowVersion({
      tenantId: this.tenantId,
      flowId: this.id,
      version: this.props.latestVersion + 1,
      graph,
      createdAt: now,
    });
    this.change({ latestVersion: version.version }, now);
    this.record({
      type: 'flow-version-added',
      tenantId: this.tenantId,
      flowId: this.id,
      version,
      occurredAt: now,
    });
    return version;
  }

  /**
   * Makes `version` the one calls run. Throws {@link FlowGraphInvalid} with every problem of the
   * graph and the `extraProblems` the caller found (prompts media does not have). Publishing the
   * published version again changes nothing.
   */
  publish(version: FlowVersion, now: Date, extraProblems: readonly FlowProblem[] = []): void {
    if (
      version.flowId !== this.id ||
      version.tenantId !== this.tenantId ||
      version.version > this.latestVersion
    )
      throw new FlowVersionNotFound(this.id, version.version);
    const problems = [...version.problems(), ...extraProblems];
    if (problems.length > 0)
      throw new FlowGraphInvalid(problems, { flowId: this.id, version: version.version });
    if (this.props.publishedVersion === version.version) return;
    const previous = this.props.publishedVersion;
    this.change({ publishedVersion: version.version, publishedAt: now }, now);
    this.record({
      type: 'flow-version-published',
      tenantId: this.tenantId,
      flowId: this.id,
      version: version.version,
      previous,
      occurredAt: now,
    });
  }

  toSnapshot(): FlowProps {
    return { ...this.props };
  }

  private change(fields: Partial<FlowProps>, now: Date): void {
    this.props = { ...this.props, ...fields, revision: this.props.revision + 1, updatedAt: now };
  }
}
