import { loginGraph, timedPresenceParams } from '@tp/fakes';
import {
  DEFAULT_BRANCH,
  firstOnDefaultPath,
  MAX_GRAPH_EDGES,
  MAX_GRAPH_NODES,
  promptRefsOf,
  validateFlowGraph,
  type FlowEdge,
  type FlowGraph,
  type FlowNode,
  type NodeKind,
} from './flow-graph';
import { NODE_KINDS } from './node-kinds';

/** The product's kinds, plus two plain activities to build branching graphs with. */
const step: NodeKind = {
  kind: 'step',
  role: 'activity',
  branches: [DEFAULT_BRANCH],
  checkParams: () => [],
  promptRefs: () => [],
};
const choice: NodeKind = { ...step, kind: 'choice', branches: ['yes', 'no'] };
const KINDS = new Map([...NODE_KINDS, ['step', step], ['choice', choice]]);

const node = (id: string, kind = 'step', params?: unknown): FlowNode =>
  params === undefined ? { id, kind } : { id, kind, params };
const edge = (from: string, to: string, branch?: string): FlowEdge =>
  branch === undefined ? { from, to } : { from, to, branch };
const graph = (nodes: FlowNode[], edges: FlowEdge[]): FlowGraph => ({ nodes, edges });

const codes = (g: FlowGraph) =>
  validateFlowGraph(g, KINDS).map((p) => [p.code, p.field, p.node ?? null] as const);

describe(validateFlowGraph.name, () => {
  it("accepts the vendor page's login flow: Entry -> Timed Presence -> Exit", () => {
    expect(validateFlowGraph(loginGraph(), NODE_KINDS)).toEqual([]);
  });

  it('accepts a loop that has a way out, and branches that end in different Exits', () => {
    const g = graph(
      [node('in', 'entry'), node('ask', 'choice'), node('again'), node('out', 'exit')],
      [edge('in', 'ask'), edge('ask', 'again', 'no'), edge('again', 'ask'), edge('ask', 'out', 'yes')],
    );
    expect(codes(g)).toEqual([]);
    const twoExits = graph(
      [node('in', 'entry'), node('ask', 'choice'), node('out', 'exit'), node('bye', 'exit')],
      [edge('in', 'ask'), edge('ask', 'out', 'yes'), edge('ask', 'bye', 'no')],
    );
    expect(codes(twoExits)).toEqual([]);
  });

  it.each<[string, FlowGraph, (readonly [string, string, string | null])[]]>([
    [
      'no Entry',
      graph([node('a'), node('out', 'exit')], [edge('a', 'out')]),
      [['FLOW.ENTRY_MISSING', 'nodes', null]],
    ],
    [
      'two Entries',
      graph(
        [node('in', 'entry'), node('in2', 'entry'), node('out', 'exit')],
        [edge('in', 'out'), edge('in2', 'out')],
      ),
      [['FLOW.ENTRY_NOT_UNIQUE', 'nodes[1].kind', 'in2']],
    ],
    [
      'no Exit',
      graph([node('in', 'entry'), node('a')], [edge('in', 'a')]),
      [['FLOW.EXIT_MISSING', 'nodes', null]],
    ],
    [
      'an empty graph',
      graph([], []),
      [
        ['FLOW.ENTRY_MISSING', 'nodes', null],
        ['FLOW.EXIT_MISSING', 'nodes', null],
      ],
    ],
    [
      'a dead end',
      graph([node('in', 'entry'), node('a'), node('out', 'exit')], [edge('in', 'a')]),
      [
        ['FLOW.DEAD_END', 'nodes[1]', 'a'],
        ['FLOW.NODE_UNREACHABLE', 'nodes[2]', 'out'],
      ],
    ],
    [
      'a branch left unconnected',
      graph(
        [node('in', 'entry'), node('ask', 'choice'), node('out', 'exit')],
        [edge('in', 'ask'), edge('ask', 'out', 'yes')],
      ),
      [['FLOW.DEAD_END', 'nodes[1]', 'ask']],
    ],
    [
      'an Entry that leads nowhere',
      graph([node('in', 'entry'), node('out', 'exit')], []),
      [
        ['FLOW.DEAD_END', 'nodes[0]', 'in'],
        ['FLOW.NODE_UNREACHABLE', 'nodes[1]', 'out'],
      ],
    ],
    [
      'a cycle without a way out',
      graph(
        [node('in', 'entry'), node('a'), node('b'), node('c'), node('out', 'exit')],
        [edge('in', 'a'), edge('a', 'b'), edge('b', 'c'), edge('c', 'b')],
      ),
      [
        ['FLOW.NODE_UNREACHABLE', 'nodes[4]', 'out'],
        ['FLOW.CYCLE_WITHOUT_EXIT', 'nodes[2]', 'b'],
      ],
    ],
    [
      'a node that loops onto itself',
      graph(
        [node('in', 'entry'), node('ask', 'choice'), node('spin'), node('out', 'exit')],
        [edge('in', 'ask'), edge('ask', 'out', 'yes'), edge('ask', 'spin', 'no'), edge('spin', 'spin')],
      ),
      [['FLOW.CYCLE_WITHOUT_EXIT', 'nodes[2]', 'spin']],
    ],
    [
      'a node no path reaches',
      graph(
        [node('in', 'entry'), node('a'), node('lost'), node('out', 'exit')],
        [edge('in', 'a'), edge('a', 'out'), edge('lost', 'out')],
      ),
      [['FLOW.NODE_UNREACHABLE', 'nodes[2]', 'lost']],
    ],
    [
      'an edge to a node that does not exist',
      graph([node('in', 'entry'), node('out', 'exit')], [edge('in', 'out'), edge('in', 'ghost', 'x')]),
      [['FLOW.EDGE_NODE_UNKNOWN', 'edges[1].to', null]],
    ],
    [
      'an edge from a node that does not exist',
      graph([node('in', 'entry'), node('out', 'exit')], [edge('ghost', 'out'), edge('in', 'out')]),
      [['FLOW.EDGE_NODE_UNKNOWN', 'edges[0].from', null]],
    ],
    [
      'an edge into the Entry',
      graph([node('in', 'entry'), node('a'), node('out', 'exit')], [edge('in', 'a'), edge('a', 'in')]),
      [
        ['FLOW.EDGE_INTO_ENTRY', 'edges[1].to', 'in'],
        ['FLOW.DEAD_END', 'nodes[1]', 'a'],
        ['FLOW.NODE_UNREACHABLE', 'nodes[2]', 'out'],
      ],
    ],
    [
      'an edge out of an Exit',
      graph([node('in', 'entry'), node('out', 'exit'), node('a')], [edge('in', 'out'), edge('out', 'a')]),
      [
        ['FLOW.EDGE_FROM_EXIT', 'edges[1].from', 'out'],
        ['FLOW.NODE_UNREACHABLE', 'nodes[2]', 'a'],
      ],
    ],
    [
      'a branch its node does not have',
      graph(
        [node('in', 'entry'), node('a'), node('out', 'exit')],
        [edge('in', 'a'), edge('a', 'out'), edge('a', 'out', 'maybe')],
      ),
      [['FLOW.BRANCH_UNKNOWN', 'edges[2].branch', 'a']],
    ],
    [
      'two edges on one branch',
      graph(
        [node('in', 'entry'), node('a'), node('b'), node('out', 'exit')],
        [edge('in', 'a'), edge('a', 'out'), edge('a', 'b'), edge('b', 'out')],
      ),
      [
        ['FLOW.BRANCH_DUPLICATE', 'edges[2]', 'a'],
        ['FLOW.NODE_UNREACHABLE', 'nodes[2]', 'b'],
      ],
    ],
    [
      'two nodes with one id',
      graph(
        [node('in', 'entry'), node('a'), node('a'), node('out', 'exit')],
        [edge('in', 'a'), edge('a', 'out')],
      ),
      [['FLOW.NODE_ID_DUPLICATE', 'nodes[2].id', 'a']],
    ],
    [
      'a node id outside the alphabet',
      graph([node('in', 'entry'), node('a b'), node('out', 'exit')], [edge('in', 'out')]),
      [['FLOW.NODE_ID_INVALID', 'nodes[1].id', 'a b']],
    ],
    [
      'a kind of node nobody knows',
      graph(
        [node('in', 'entry'), node('q', 'voicemail'), node('out', 'exit')],
        [edge('in', 'q'), edge('q', 'out')],
      ),
      [['FLOW.NODE_KIND_UNKNOWN', 'nodes[1].kind', 'q']],
    ],
    [
      'parameters on an Exit',
      graph([node('in', 'entry'), node('out', 'exit', { say: 'bye' })], [edge('in', 'out')]),
      [['FLOW.PARAM_UNKNOWN', 'nodes[1].params', 'out']],
    ],
  ])('reports %s', (_case, g, expected) => {
    expect(codes(g)).toEqual(expected);
  });

  it("reports the activity's parameter problems under the node's own field", () => {
    const g = loginGraph(timedPresenceParams({ presetHours: [8, 24, 120, 72], attempts: 0 }));

    expect(validateFlowGraph(g, NODE_KINDS)).toEqual([
      expect.objectContaining({
        code: 'FLOW.PARAM_INVALID',
        field: 'nodes[1].params.presetHours[2]',
        node: 'tp',
      }),
      expect.objectContaining({ code: 'FLOW.PARAM_INVALID', field: 'nodes[1].params.attempts', node: 'tp' }),
    ]);
  });

  it('reports graphs above the size limits', () => {
    const many = Array.from({ length: MAX_GRAPH_NODES + 1 }, (_, i) => node(`n${i}`));
    const edges = Array.from({ length: MAX_GRAPH_EDGES + 1 }, () => edge('n0', 'n1'));

    expect(codes(graph(many, edges)).slice(0, 2)).toEqual([
      ['FLOW.GRAPH_TOO_LARGE', 'nodes', null],
      ['FLOW.GRAPH_TOO_LARGE', 'edges', null],
    ]);
  });
});

describe(firstOnDefaultPath.name, () => {
  it('finds the Timed Presence activity after the Entry', () => {
    expect(firstOnDefaultPath(loginGraph(), 'timed-presence')?.id).toBe('tp');
  });

  it('finds it further on, past other activities', () => {
    const g = graph(
      [node('in', 'entry'), node('hello'), node('tp', 'timed-presence'), node('out', 'exit')],
      [edge('in', 'hello'), edge('hello', 'tp'), edge('tp', 'out')],
    );
    expect(firstOnDefaultPath(g, 'timed-presence')?.id).toBe('tp');
  });

  it.each<[string, FlowGraph]>([
    ['an Exit comes first', graph([node('in', 'entry'), node('out', 'exit')], [edge('in', 'out')])],
    [
      'the path loops',
      graph([node('in', 'entry'), node('a'), node('b')], [edge('in', 'a'), edge('a', 'b'), edge('b', 'a')]),
    ],
    ['the path breaks off', graph([node('in', 'entry'), node('a')], [edge('in', 'a')])],
    ['there is no Entry', graph([node('tp', 'timed-presence')], [])],
  ])('answers null when %s', (_case, g) => {
    expect(firstOnDefaultPath(g, 'timed-presence')).toBeNull();
  });
});

describe(promptRefsOf.name, () => {
  it('names every prompt of every node with its field', () => {
    const refs = promptRefsOf(
      loginGraph(timedPresenceParams({ prompts: { welcome: 'p-1', 'pin-entry': 'p-2' } })),
      NODE_KINDS,
    );

    expect(refs).toEqual([
      { node: 'tp', field: 'nodes[1].params.prompts.welcome', promptId: 'p-1' },
      { node: 'tp', field: 'nodes[1].params.prompts.pin-entry', promptId: 'p-2' },
    ]);
  });
});
