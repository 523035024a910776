import { FlowGraphTooLarge } from './flow.errors';

/** One node of a flow graph: an Entry, an Exit, or an activity with its parameters. */
export interface FlowNode {
  /** Unique in the graph: letters, digits, `_` and `-`, up to 64 characters. */
  readonly id: string;
  /** `entry`, `exit`, `timed-presence` (and the kinds later activities add). */
  readonly kind: string;
  /** What the designer shows; no meaning to the runtime. */
  readonly label?: string;
  /** The activity's settings; Entry and Exit take none. */
  readonly params?: unknown;
  /** Where the designer draws the node on its canvas; no meaning to the runtime. */
  readonly position?: NodePosition;
}

/** A point on the designer's canvas (its units, y downwards). */
export interface NodePosition {
  readonly x: number;
  readonly y: number;
}

/** An edge from one node to the next; `branch` names which outcome of `from` it follows (none: the default). */
export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  readonly branch?: string;
}

/** The graph of one flow version, as an admin wrote it. */
export interface FlowGraph {
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
}

/**
 * Why a graph cannot be published: a stable `code`, a readable `message`, the `field` as a path
 * into the version's body (`nodes[1].params.presetHours[2]`, `edges[0].to`) and the node concerned.
 */
export interface FlowProblem {
  readonly code: string;
  readonly message: string;
  readonly field: string;
  readonly node?: string;
}

/** The kinds of node every flow has: where a call comes in, and where it leaves. */
export const ENTRY = 'entry';
export const EXIT = 'exit';

/** The branch of an edge without a label: the one way on from an Entry or a single-outcome activity. */
export const DEFAULT_BRANCH = '';
export const MAX_GRAPH_NODES = 100;
export const MAX_GRAPH_EDGES = 200;
/** Node ids are also used in logs and problem paths: the same alphabet as entity ids. */
export const NODE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * What the validator and the runtime know about a kind of node. New activities (such as
 * `play-prompt` and `queue`) are new entries of the registry; the graph rules stay as they are.
 */
export interface NodeKind {
  readonly kind: string;
  readonly role: 'entry' | 'exit' | 'activity';
  /**
   * Which kind of flow an activity belongs to: `login` (Timed Presence) or `customer` (Play Prompt,
   * Queue). One flow runs activities of one family only; Entry and Exit have none.
   */
  readonly family?: 'login' | 'customer';
  /** The branches leaving such a node ({@link DEFAULT_BRANCH} for an unlabelled edge); each must be connected. */
  readonly branches: readonly string[];
  /** Problems with a node's parameters, each naming its field under `field` (`nodes[1].params`). */
  checkParams(params: unknown, field: string): FlowProblem[];
  /** The prompts the node plays, with the field that names each (relative to the params); [] if none. */
  promptRefs(params: unknown): PromptRef[];
}

/** A prompt id in a node's parameters, and where. */
export interface PromptRef {
  readonly field: string;
  readonly promptId: string;
}

export type NodeKinds = ReadonlyMap<string, NodeKind>;

/** Throws {@link FlowGraphTooLarge} beyond the limits; everything else is a problem found at publish time. */
export function checkGraphSize(graph: FlowGraph): void {
  if (graph.nodes.length > MAX_GRAPH_NODES)
    throw new FlowGraphTooLarge('nodes', graph.nodes.length, MAX_GRAPH_NODES);
  if (graph.edges.length > MAX_GRAPH_EDGES)
    throw new FlowGraphTooLarge('edges', graph.edges.length, MAX_GRAPH_EDGES);
}

/**
 * Every reason the graph cannot run, in the order of the body (empty when it can):
 * - node ids well-formed and unique; kinds known; each node's parameters valid for its kind;
 * - exactly one Entry and at least one Exit; no edge into an Entry or out of an Exit;
 * - edges between existing nodes, on a branch their source has, at most one edge per branch;
 * - every node reachable from the Entry; every branch of a reachable node connected (no dead end);
 *   from every reachable node some path leads to an Exit (no cycle without a way out).
 */
export function validateFlowGraph(graph: FlowGraph, kinds: NodeKinds): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const add = (code: string, field: string, message: string, node?: string) =>
    problems.push(node === undefined ? { code, field, message } : { code, field, message, node });

  if (graph.nodes.length > MAX_GRAPH_NODES)
    add('FLOW.GRAPH_TOO_LARGE', 'nodes', `at most ${MAX_GRAPH_NODES} nodes`);
  if (graph.edges.length > MAX_GRAPH_EDGES)
    add('FLOW.GRAPH_TOO_LARGE', 'edges', `at most ${MAX_GRAPH_EDGES} edges`);

  // Nodes: ids, kinds, parameters.
  const indexOf = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    if (!NODE_ID_PATTERN.test(node.id)) {
      add('FLOW.NODE_ID_INVALID', `nodes[${i}].id`, 'a node id is 1-64 letters, digits, _ or -', node.id);
    } else if (indexOf.has(node.id)) {
      add('FLOW.NODE_ID_DUPLICATE', `nodes[${i}].id`, `another node is already called "${node.id}"`, node.id);
    } else {
      indexOf.set(node.id, i);
    }
    const kind = kinds.get(node.kind);
    if (kind === undefined) {
      add(
        'FLOW.NODE_KIND_UNKNOWN',
        `nodes[${i}].kind`,
        `"${node.kind}" is not a kind of node; known: ${[...kinds.keys()].join(', ')}`,
        node.id,
      );
      return;
    }
    for (const problem of kind.checkParams(node.params, `nodes[${i}].params`)) {
      problems.push({ ...problem, node: node.id });
    }
  });
  // One family of activities per flow: an agent's login call never meets a customer's queue.
  const families = graph.nodes.map((node) => kinds.get(node.kind)?.family);
  const family = families.find((f) => f !== undefined);
  families.forEach((f, i) => {
    if (f !== undefined && f !== family)
      add(
        'FLOW.ACTIVITY_FAMILIES_MIXED',
        `nodes[${i}].kind`,
        `a ${graph.nodes[i].kind} activity (${f}) cannot be in a flow with ${family} activities`,
        graph.nodes[i].id,
      );
  });
  const kindOf = (id: string) => kinds.get(graph.nodes[indexOf.get(id) ?? -1]?.kind ?? '');

  const entries = graph.nodes.filter((n) => kinds.get(n.kind)?.role === 'entry');
  const exits = graph.nodes.filter((n) => kinds.get(n.kind)?.role === 'exit');
  if (entries.length === 0) add('FLOW.ENTRY_MISSING', 'nodes', 'a flow needs an Entry');
  entries.slice(1).forEach((entry) => {
    add(
      'FLOW.ENTRY_NOT_UNIQUE',
      `nodes[${graph.nodes.indexOf(entry)}].kind`,
      'a flow has exactly one Entry',
      entry.id,
    );
  });
  if (exits.length === 0) add('FLOW.EXIT_MISSING', 'nodes', 'a flow needs at least one Exit');

  // Edges: existing ends, branches their source has, one edge per branch.
  const next = new Map<string, Map<string, string>>();
  graph.edges.forEach((edge, i) => {
    const branch = edge.branch ?? DEFAULT_BRANCH;
    const from = kindOf(edge.from);
    const to = kindOf(edge.to);
    if (!indexOf.has(edge.from)) add('FLOW.EDGE_NODE_UNKNOWN', `edges[${i}].from`, `no node "${edge.from}"`);
    if (!indexOf.has(edge.to)) add('FLOW.EDGE_NODE_UNKNOWN', `edges[${i}].to`, `no node "${edge.to}"`);
    if (!indexOf.has(edge.from) || !indexOf.has(edge.to)) return;
    if (to?.role === 'entry') {
      add('FLOW.EDGE_INTO_ENTRY', `edges[${i}].to`, 'nothing leads into the Entry', edge.to);
      return;
    }
    if (from?.role === 'exit') {
      add('FLOW.EDGE_FROM_EXIT', `edges[${i}].from`, 'nothing follows an Exit', edge.from);
      return;
    }
    if (from !== undefined && !from.branches.includes(branch)) {
      const known = from.branches.map((b) => (b === DEFAULT_BRANCH ? '(none)' : b)).join(', ');
      add(
        'FLOW.BRANCH_UNKNOWN',
        `edges[${i}].branch`,
        `a ${from.kind} node has no branch "${branch}"; its branches: ${known}`,
        edge.from,
      );
      return;
    }
    const out = next.get(edge.from) ?? new Map<string, string>();
    if (out.has(branch)) {
      const label = branch === DEFAULT_BRANCH ? 'its default branch' : `branch "${branch}"`;
      add(
        'FLOW.BRANCH_DUPLICATE',
        `edges[${i}]`,
        `"${edge.from}" already has an edge on ${label}`,
        edge.from,
      );
      return;
    }
    next.set(edge.from, out.set(branch, edge.to));
  });

  if (entries.length === 1 && exits.length > 0) checkPaths(graph, kinds, entries[0].id, next, indexOf, add);
  return problems;
}

/** Reachability from the Entry, dead ends, and cycles that never lead to an Exit. */
function checkPaths(
  graph: FlowGraph,
  kinds: NodeKinds,
  entry: string,
  next: ReadonlyMap<string, ReadonlyMap<string, string>>,
  indexOf: ReadonlyMap<string, number>,
  add: (code: string, field: string, message: string, node?: string) => void,
): void {
  const successors = (id: string) => [...(next.get(id)?.values() ?? [])];
  const reachable = closure([entry], successors);

  const predecessors = new Map<string, string[]>();
  for (const [from, out] of next) {
    for (const to of out.values()) predecessors.set(to, [...(predecessors.get(to) ?? []), from]);
  }
  const exits = graph.nodes.filter((n) => kinds.get(n.kind)?.role === 'exit').map((n) => n.id);
  const leadsToExit = closure(exits, (id) => predecessors.get(id) ?? []);

  const deadEnds = new Set<string>();
  graph.nodes.forEach((node, i) => {
    if (indexOf.get(node.id) !== i) return; // a duplicate id, already reported
    if (!reachable.has(node.id)) {
      add('FLOW.NODE_UNREACHABLE', `nodes[${i}]`, `no path from the Entry reaches "${node.id}"`, node.id);
      return;
    }
    const kind = kinds.get(node.kind);
    if (kind === undefined || kind.role === 'exit') return;
    const missing = kind.branches.filter((b) => !next.get(node.id)?.has(b));
    if (missing.length === 0) return;
    deadEnds.add(node.id);
    const which = missing.map((b) => (b === DEFAULT_BRANCH ? 'default' : `"${b}"`)).join(', ');
    add(
      'FLOW.DEAD_END',
      `nodes[${i}]`,
      `nothing follows "${node.id}" (branch ${which}); connect it to the next node or an Exit`,
      node.id,
    );
  });

  // Reachable nodes with every branch connected that still cannot reach an Exit: they go round in circles.
  const trapped = new Set(
    [...reachable].filter((id) => !leadsToExit.has(id) && !deadEnds.has(id) && kinds.has(kindOfId(id))),
  );
  const reported = new Set<string>();
  graph.nodes.forEach((node, i) => {
    if (!trapped.has(node.id) || reported.has(node.id) || indexOf.get(node.id) !== i) return;
    const from = closure(successors(node.id), successors);
    if (!from.has(node.id)) return; // leads into a loop or a dead end further on, reported there
    const loop = [...from].filter((id) => closure(successors(id), successors).has(node.id));
    loop.forEach((id) => reported.add(id));
    add(
      'FLOW.CYCLE_WITHOUT_EXIT',
      `nodes[${i}]`,
      `"${loop.join('" -> "')}" go round in a loop with no way to an Exit`,
      node.id,
    );
  });

  function kindOfId(id: string): string {
    return graph.nodes[indexOf.get(id) ?? -1]?.kind ?? '';
  }
}

function closure(start: readonly string[], step: (id: string) => readonly string[]): Set<string> {
  const seen = new Set<string>(start);
  const queue = [...start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const other of step(id)) {
      if (!seen.has(other)) {
        seen.add(other);
        queue.push(other);
      }
    }
  }
  return seen;
}

/**
 * The first node of `kind` on the default path from the Entry (Entry -> Timed Presence -> Exit), or
 * null when that path meets an Exit, a loop or a gap first.
 */
export function firstOnDefaultPath(graph: FlowGraph, kind: string): FlowNode | null {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  let node = graph.nodes.find((n) => n.kind === ENTRY);
  const seen = new Set<string>();
  while (node !== undefined && !seen.has(node.id)) {
    if (node.kind === kind) return node;
    seen.add(node.id);
    const current = node.id;
    const edge = graph.edges.find(
      (e) => e.from === current && (e.branch ?? DEFAULT_BRANCH) === DEFAULT_BRANCH,
    );
    node = edge === undefined ? undefined : byId.get(edge.to);
  }
  return null;
}

/** Every prompt the graph's nodes play, with the node and the field that name it. */
export function promptRefsOf(
  graph: FlowGraph,
  kinds: NodeKinds,
): { node: string; field: string; promptId: string }[] {
  return graph.nodes.flatMap((node, i) =>
    (kinds.get(node.kind)?.promptRefs(node.params) ?? []).map((ref) => ({
      node: node.id,
      field: `nodes[${i}].params.${ref.field}`,
      promptId: ref.promptId,
    })),
  );
}
