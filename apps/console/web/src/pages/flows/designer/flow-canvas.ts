import type { Edge, Node, XYPosition } from '@xyflow/react';
import type { NewFlowVersion } from '../../../api/types';

/** The kinds of node flow-runtime runs (its domain's node registry), as the designer's palette offers them. */
export const NODE_KINDS = {
  entry: { label: 'Entry', description: 'Where a call comes in', branches: [''], target: false },
  'timed-presence': {
    label: 'Timed Presence',
    description: 'An agent chooses how many hours to be online',
    branches: [''],
    target: true,
  },
  'play-prompt': {
    label: 'Play Prompt',
    description: 'Plays one prompt to the caller',
    branches: [''],
    target: true,
  },
  queue: {
    label: 'Queue',
    description: 'Waits for an online agent with the skills',
    branches: ['answered', 'timeout'],
    target: true,
  },
  exit: { label: 'Exit', description: 'The call ends', branches: [], target: true },
} as const satisfies Record<
  string,
  { label: string; description: string; branches: readonly string[]; target: boolean }
>;
export type NodeKind = keyof typeof NODE_KINDS;
export const PALETTE = Object.keys(NODE_KINDS) as NodeKind[];

/** The handle of the default branch (an edge without `branch`). */
export const DEFAULT_HANDLE = 'next';

/** What a canvas node carries: the version node's kind, label and parameters. */
export type FlowNodeData = {
  kind: string;
  label?: string;
  params?: Record<string, unknown>;
};
export type CanvasNode = Node<FlowNodeData, 'flow'>;
export interface Canvas {
  nodes: CanvasNode[];
  edges: Edge[];
}

type GraphNode = NewFlowVersion['nodes'][number];
type GraphEdge = NewFlowVersion['edges'][number];

export const isKnownKind = (kind: string): kind is NodeKind => kind in NODE_KINDS;
export const kindLabel = (kind: string) => (isKnownKind(kind) ? NODE_KINDS[kind].label : kind);

const edgeId = (from: string, handle: string) => `${from}:${handle}`;

/** A version's graph on the canvas; `placed` is false when some node has no position (an older version: lay it out). */
export function toCanvas(graph: NewFlowVersion): Canvas & { placed: boolean } {
  const nodes: CanvasNode[] = graph.nodes.map((node) => ({
    id: node.id,
    type: 'flow',
    position: node.position ?? { x: 0, y: 0 },
    data: {
      kind: node.kind,
      ...(node.label === undefined ? {} : { label: node.label }),
      ...(node.params === undefined ? {} : { params: node.params }),
    },
  }));
  const edges: Edge[] = graph.edges.map((edge) => {
    const handle = edge.branch ?? DEFAULT_HANDLE;
    return {
      id: edgeId(edge.from, handle),
      source: edge.from,
      target: edge.to,
      sourceHandle: handle,
      ...(edge.branch === undefined ? {} : { label: edge.branch }),
    };
  });
  return { nodes, edges, placed: graph.nodes.every((n) => n.position !== undefined) };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** The canvas as the body of a new version: nodes in canvas order, each with its position. */
export function toGraph(canvas: Canvas): NewFlowVersion {
  const nodes: GraphNode[] = canvas.nodes.map((node) => ({
    id: node.id,
    kind: node.data.kind,
    ...(node.data.label === undefined ? {} : { label: node.data.label }),
    ...(node.data.params === undefined ? {} : { params: node.data.params }),
    position: { x: round(node.position.x), y: round(node.position.y) },
  }));
  const edges: GraphEdge[] = canvas.edges.map((edge) => {
    const handle = edge.sourceHandle ?? DEFAULT_HANDLE;
    return handle === DEFAULT_HANDLE
      ? { from: edge.source, to: edge.target }
      : { from: edge.source, to: edge.target, branch: handle };
  });
  return { nodes, edges };
}

/** The first free id for a new node of `kind`: `queue`, then `queue-2`, `queue-3`, ... */
export function nextNodeId(kind: string, nodes: readonly { id: string }[]): string {
  const taken = new Set(nodes.map((n) => n.id));
  if (!taken.has(kind)) return kind;
  let n = 2;
  while (taken.has(`${kind}-${n}`)) n += 1;
  return `${kind}-${n}`;
}

/** A new node of `kind` at `position`, with the parameters a new activity starts from. */
export function newNode(
  kind: NodeKind,
  position: XYPosition,
  nodes: readonly { id: string }[],
  params?: Record<string, unknown>,
): CanvasNode {
  return {
    id: nextNodeId(kind, nodes),
    type: 'flow',
    position,
    selected: true,
    data: { kind, ...(params === undefined ? {} : { params }) },
  };
}

/**
 * Adds the edge a drag between two handles made. A branch leads to one node only, so an edge already
 * on that handle is replaced; nothing leads out of a node into itself.
 */
export function connect(
  edges: readonly Edge[],
  connection: { source: string; target: string; sourceHandle?: string | null },
): Edge[] {
  if (connection.source === connection.target) return [...edges];
  const handle = connection.sourceHandle ?? DEFAULT_HANDLE;
  const id = edgeId(connection.source, handle);
  return [
    ...edges.filter((e) => e.id !== id),
    {
      id,
      source: connection.source,
      target: connection.target,
      sourceHandle: handle,
      ...(handle === DEFAULT_HANDLE ? {} : { label: handle }),
    },
  ];
}

/** A problem flow-runtime found, as the canvas shows it: on a node, under one of its panel's fields. */
export interface CanvasProblem {
  code: string;
  message: string;
  /** The field under the node's parameters (`presetHours.2`, `prompts.welcome`), or '' for the node itself. */
  param: string;
}

/** flow-runtime's problems by node id; those naming no node (no Entry, no Exit) under ''. */
export function problemsByNode(
  problems: readonly { code: string; message: string; field: string; node?: string }[],
): Map<string, CanvasProblem[]> {
  const byNode = new Map<string, CanvasProblem[]>();
  for (const problem of problems) {
    const key = problem.node ?? '';
    const path = problem.field.replace(/\[(\d+)\]/g, '.$1');
    const param = /^nodes\.\d+\.params\./.test(path) ? path.replace(/^nodes\.\d+\.params\./, '') : '';
    byNode.set(key, [...(byNode.get(key) ?? []), { code: problem.code, message: problem.message, param }]);
  }
  return byNode;
}
