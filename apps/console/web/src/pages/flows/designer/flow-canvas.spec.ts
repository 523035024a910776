import { describe, expect, it } from '@jest/globals';
import {
  connect,
  DEFAULT_HANDLE,
  newNode,
  nextNodeId,
  problemsByNode,
  toCanvas,
  toGraph,
} from './flow-canvas';

const login = {
  nodes: [
    { id: 'entry', kind: 'entry', position: { x: 0, y: 0 } },
    {
      id: 'tp',
      kind: 'timed-presence',
      label: 'Timed Presence',
      params: { presetHours: [8, 24, 48, 72] },
      position: { x: 260, y: 10.5 },
    },
    { id: 'q', kind: 'queue', params: { name: 'Support' }, position: { x: 520, y: 0 } },
    { id: 'exit', kind: 'exit', position: { x: 780, y: 0 } },
  ],
  edges: [
    { from: 'entry', to: 'tp' },
    { from: 'tp', to: 'q' },
    { from: 'q', to: 'exit', branch: 'answered' },
    { from: 'q', to: 'exit', branch: 'timeout' },
  ],
};

describe('the graph on the canvas', () => {
  it('comes back as the same graph, positions included', () => {
    const canvas = toCanvas(login);

    expect(canvas.placed).toBe(true);
    expect(toGraph(canvas)).toEqual(login);
  });

  it('draws branches from their own handles and the default from the "next" handle', () => {
    const { edges } = toCanvas(login);

    expect(edges.map((e) => [e.source, e.sourceHandle, e.target])).toEqual([
      ['entry', DEFAULT_HANDLE, 'tp'],
      ['tp', DEFAULT_HANDLE, 'q'],
      ['q', 'answered', 'exit'],
      ['q', 'timeout', 'exit'],
    ]);
  });

  it('says when an older version has no positions, so it gets laid out', () => {
    const canvas = toCanvas({ nodes: [{ id: 'entry', kind: 'entry' }], edges: [] });

    expect(canvas.placed).toBe(false);
  });

  it('rounds positions to a tenth as it saves them', () => {
    const canvas = toCanvas(login);
    canvas.nodes[0] = { ...canvas.nodes[0], position: { x: 10.04999, y: -3.3333 } };

    expect(toGraph(canvas).nodes[0].position).toEqual({ x: 10, y: -3.3 });
  });
});

describe('editing the canvas', () => {
  it('names a new node after its kind, numbering the second one', () => {
    expect(nextNodeId('queue', [{ id: 'entry' }])).toBe('queue');
    expect(nextNodeId('queue', [{ id: 'queue' }, { id: 'queue-2' }])).toBe('queue-3');
    expect(newNode('exit', { x: 5, y: 6 }, [{ id: 'exit' }])).toEqual(
      expect.objectContaining({ id: 'exit-2', position: { x: 5, y: 6 }, data: { kind: 'exit' } }),
    );
  });

  it('replaces the edge already on a handle when a new one is drawn from it, and refuses a loop', () => {
    const { edges } = toCanvas(login);

    const moved = connect(edges, { source: 'q', sourceHandle: 'timeout', target: 'tp' });
    const looped = connect(edges, { source: 'q', sourceHandle: 'timeout', target: 'q' });

    expect(moved).toHaveLength(4);
    expect(toGraph({ nodes: [], edges: moved }).edges).toContainEqual({
      from: 'q',
      to: 'tp',
      branch: 'timeout',
    });
    expect(looped).toEqual(edges);
  });
});

describe('problemsByNode', () => {
  it("puts each of flow-runtime's problems on its node, under its panel field", () => {
    const byNode = problemsByNode([
      {
        code: 'FLOW.PARAM_INVALID',
        message: 'must be 1 to 99',
        field: 'nodes[1].params.presetHours[2]',
        node: 'tp',
      },
      {
        code: 'FLOW.PARAM_REQUIRED',
        message: 'required',
        field: 'nodes[1].params.prompts.welcome',
        node: 'tp',
      },
      { code: 'FLOW.NODE_UNREACHABLE', message: 'no path', field: 'nodes[3]', node: 'exit' },
      { code: 'FLOW.ENTRY_MISSING', message: 'a flow needs an Entry', field: 'nodes' },
    ]);

    expect(byNode.get('tp')?.map((p) => p.param)).toEqual(['presetHours.2', 'prompts.welcome']);
    expect(byNode.get('exit')).toEqual([{ code: 'FLOW.NODE_UNREACHABLE', message: 'no path', param: '' }]);
    expect(byNode.get('')?.map((p) => p.code)).toEqual(['FLOW.ENTRY_MISSING']);
  });
});
