import { describe, expect, it } from '@jest/globals';
import { toCanvas } from './flow-canvas';
import { autoLayout, NODE_WIDTH } from './layout';

const customer = toCanvas({
  nodes: [
    { id: 'entry', kind: 'entry' },
    { id: 'greet', kind: 'play-prompt', params: { promptId: 'p1' } },
    { id: 'queue', kind: 'queue', params: { name: 'Support' } },
    { id: 'bye', kind: 'play-prompt', params: { promptId: 'p2' } },
    { id: 'exit', kind: 'exit' },
  ],
  edges: [
    { from: 'entry', to: 'greet' },
    { from: 'greet', to: 'queue' },
    { from: 'queue', to: 'exit', branch: 'answered' },
    { from: 'queue', to: 'bye', branch: 'timeout' },
    { from: 'bye', to: 'exit' },
  ],
});

describe('autoLayout', () => {
  it('places each node to the right of the nodes that lead to it', () => {
    const laid = autoLayout(customer);
    const x = Object.fromEntries(laid.nodes.map((n) => [n.id, n.position.x]));

    for (const edge of laid.edges) expect(x[edge.target]).toBeGreaterThanOrEqual(x[edge.source] + NODE_WIDTH);
  });

  it('never puts two nodes on the same spot, and keeps the edges', () => {
    const laid = autoLayout(customer);

    const spots = new Set(laid.nodes.map((n) => `${Math.round(n.position.x)},${Math.round(n.position.y)}`));
    expect(spots.size).toBe(customer.nodes.length);
    expect(laid.edges).toEqual(customer.edges);
    expect(laid.nodes.map((n) => n.data)).toEqual(customer.nodes.map((n) => n.data));
  });

  it('places nodes no edge reaches too', () => {
    const lonely = toCanvas({
      nodes: [
        { id: 'a', kind: 'exit' },
        { id: 'b', kind: 'exit' },
      ],
      edges: [],
    });

    const laid = autoLayout(lonely);

    expect(laid.nodes.every((n) => Number.isFinite(n.position.x) && Number.isFinite(n.position.y))).toBe(
      true,
    );
    expect(laid.nodes[0].position).not.toEqual(laid.nodes[1].position);
  });
});
