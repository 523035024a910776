import { graphlib, layout } from '@dagrejs/dagre';
import type { Canvas } from './flow-canvas';

/** The size the layout reserves for a node card (a card is about this big on the canvas). */
export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 96;

/**
 * Places the nodes left to right along the edges (dagre's layered layout): the Entry first, each
 * activity after the one that leads to it, branches one above the other. Edges stay as they are.
 */
export function autoLayout(canvas: Canvas): Canvas {
  const graph = new graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 48, ranksep: 72, marginx: 24, marginy: 24 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of canvas.nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of canvas.edges) {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target)) graph.setEdge(edge.source, edge.target);
  }
  layout(graph);
  return {
    nodes: canvas.nodes.map((node) => {
      const { x, y } = graph.node(node.id) as { x: number; y: number };
      // dagre gives centres; React Flow places a node by its top left corner.
      return { ...node, position: { x: x - NODE_WIDTH / 2, y: y - NODE_HEIGHT / 2 } };
    }),
    edges: canvas.edges,
  };
}
