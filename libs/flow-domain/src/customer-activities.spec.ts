import { customerGraph, loginGraph, queueParams } from '@tp/fakes';
import {
  ActivityParamsInvalid,
  PLAY_PROMPT_NODE,
  QUEUE_DEFAULTS,
  QUEUE_NODE,
  parsePlayPromptParams,
  parseQueueParams,
  playPromptSettings,
  queueSettings,
} from './customer-activities';
import { validateFlowGraph } from './flow-graph';
import { NODE_KINDS } from './node-kinds';

const problems = (params: unknown) =>
  parseQueueParams(params, 'nodes[2].params').problems.map((p) => [p.code, p.field] as const);

describe('Play Prompt activity', () => {
  it('reads its prompt id', () => {
    expect(parsePlayPromptParams({ promptId: 'p-1' })).toEqual({
      settings: { promptId: 'p-1' },
      problems: [],
    });
    expect(playPromptSettings({ promptId: 'p-1' })).toEqual({ promptId: 'p-1' });
  });

  it.each([
    ['no parameters', undefined, [['FLOW.PARAMS_INVALID', 'nodes[1].params']]],
    ['a list for parameters', [], [['FLOW.PARAMS_INVALID', 'nodes[1].params']]],
    ['no prompt id', {}, [['FLOW.PARAM_REQUIRED', 'nodes[1].params.promptId']]],
    ['a null prompt id', { promptId: null }, [['FLOW.PARAM_REQUIRED', 'nodes[1].params.promptId']]],
    [
      'a prompt id outside the alphabet',
      { promptId: 'a b' },
      [['FLOW.PARAM_INVALID', 'nodes[1].params.promptId']],
    ],
    ['a number for a prompt id', { promptId: 7 }, [['FLOW.PARAM_INVALID', 'nodes[1].params.promptId']]],
    [
      'an unknown parameter',
      { promptId: 'p-1', text: 'hi' },
      [['FLOW.PARAM_UNKNOWN', 'nodes[1].params.text']],
    ],
  ])('reports %s, naming the field', (_case, params, expected) => {
    expect(PLAY_PROMPT_NODE.checkParams(params, 'nodes[1].params').map((p) => [p.code, p.field])).toEqual(
      expected,
    );
  });

  it('refuses stored parameters that do not parse', () => {
    expect(() => playPromptSettings({})).toThrow(ActivityParamsInvalid);
  });

  it('names its prompt for the publish check', () => {
    expect(PLAY_PROMPT_NODE.promptRefs({ promptId: 'p-1' })).toEqual([
      { field: 'promptId', promptId: 'p-1' },
    ]);
    expect(PLAY_PROMPT_NODE.promptRefs({ promptId: 'a b' })).toEqual([]);
    expect(PLAY_PROMPT_NODE.promptRefs('nonsense')).toEqual([]);
  });
});

describe('Queue activity', () => {
  it('applies the defaults to what it leaves out', () => {
    expect(parseQueueParams({ name: 'Support' })).toEqual({
      settings: {
        name: 'Support',
        requiredSkills: [],
        priority: QUEUE_DEFAULTS.priority,
        maxWaitSeconds: QUEUE_DEFAULTS.maxWaitSeconds,
        holdPromptId: null,
        noAgentPromptId: null,
      },
      problems: [],
    });
    expect(QUEUE_DEFAULTS.maxWaitSeconds).toBe(300);
  });

  it('reads every setting, trimming the name', () => {
    expect(
      queueSettings({
        name: '  Billing ',
        requiredSkills: ['billing'],
        priority: 10,
        maxWaitSeconds: 3600,
        holdPromptId: 'p-hold',
        noAgentPromptId: 'p-none',
      }),
    ).toEqual({
      name: 'Billing',
      requiredSkills: ['billing'],
      priority: 10,
      maxWaitSeconds: 3600,
      holdPromptId: 'p-hold',
      noAgentPromptId: 'p-none',
    });
  });

  it('keeps skills as identity compares them: trimmed, lower case, each once', () => {
    expect(
      queueSettings({ name: 'q', requiredSkills: ['Spanish', ' spanish ', 'Billing', 'SPANISH'] })
        .requiredSkills,
    ).toEqual(['spanish', 'billing']);
  });

  it('accepts the bounds of every number', () => {
    expect(problems({ name: 'q', priority: 0, maxWaitSeconds: 5 })).toEqual([]);
    expect(problems({ name: 'q', priority: 10, maxWaitSeconds: 3600 })).toEqual([]);
    expect(
      problems({ name: 'x'.repeat(64), requiredSkills: Array.from({ length: 20 }, (_, i) => `s${i}`) }),
    ).toEqual([]);
    expect(problems({ name: 'q', requiredSkills: ['y'.repeat(64)] })).toEqual([]);
  });

  it.each([
    ['no parameters', null, [['FLOW.PARAMS_INVALID', 'nodes[2].params']]],
    ['no name', {}, [['FLOW.PARAM_REQUIRED', 'nodes[2].params.name']]],
    ['a number for a name', { name: 5 }, [['FLOW.PARAM_INVALID', 'nodes[2].params.name']]],
    ['a blank name', { name: '   ' }, [['FLOW.PARAM_INVALID', 'nodes[2].params.name']]],
    ['a name of 65 characters', { name: 'x'.repeat(65) }, [['FLOW.PARAM_INVALID', 'nodes[2].params.name']]],
    [
      'a control character in the name',
      { name: 'a\u0007b' },
      [['FLOW.PARAM_INVALID', 'nodes[2].params.name']],
    ],
    [
      'skills that are not a list',
      { name: 'q', requiredSkills: 'sales' },
      [['FLOW.PARAM_INVALID', 'nodes[2].params.requiredSkills']],
    ],
    [
      '21 skills',
      { name: 'q', requiredSkills: Array.from({ length: 21 }, (_, i) => `s${i}`) },
      [['FLOW.PARAM_INVALID', 'nodes[2].params.requiredSkills']],
    ],
    [
      'a blank skill',
      { name: 'q', requiredSkills: ['ok', ' '] },
      [['FLOW.PARAM_INVALID', 'nodes[2].params.requiredSkills[1]']],
    ],
    [
      'a skill that is no text',
      { name: 'q', requiredSkills: [3] },
      [['FLOW.PARAM_INVALID', 'nodes[2].params.requiredSkills[0]']],
    ],
    [
      'a skill of 65 characters',
      { name: 'q', requiredSkills: ['y'.repeat(65)] },
      [['FLOW.PARAM_INVALID', 'nodes[2].params.requiredSkills[0]']],
    ],
    [
      'a control character in a skill',
      { name: 'q', requiredSkills: ['a\tb'] },
      [['FLOW.PARAM_INVALID', 'nodes[2].params.requiredSkills[0]']],
    ],
    ['priority -1', { name: 'q', priority: -1 }, [['FLOW.PARAM_INVALID', 'nodes[2].params.priority']]],
    ['priority 11', { name: 'q', priority: 11 }, [['FLOW.PARAM_INVALID', 'nodes[2].params.priority']]],
    ['priority 1.5', { name: 'q', priority: 1.5 }, [['FLOW.PARAM_INVALID', 'nodes[2].params.priority']]],
    ['priority as text', { name: 'q', priority: '1' }, [['FLOW.PARAM_INVALID', 'nodes[2].params.priority']]],
    [
      'a wait of 4 s',
      { name: 'q', maxWaitSeconds: 4 },
      [['FLOW.PARAM_INVALID', 'nodes[2].params.maxWaitSeconds']],
    ],
    [
      'a wait of 3601 s',
      { name: 'q', maxWaitSeconds: 3601 },
      [['FLOW.PARAM_INVALID', 'nodes[2].params.maxWaitSeconds']],
    ],
    [
      'a hold prompt that is no id',
      { name: 'q', holdPromptId: 'a b' },
      [['FLOW.PARAM_INVALID', 'nodes[2].params.holdPromptId']],
    ],
    [
      'a no-agent prompt that is no id',
      { name: 'q', noAgentPromptId: 1 },
      [['FLOW.PARAM_INVALID', 'nodes[2].params.noAgentPromptId']],
    ],
    ['an unknown parameter', { name: 'q', skills: [] }, [['FLOW.PARAM_UNKNOWN', 'nodes[2].params.skills']]],
    [
      'several problems at once',
      { priority: 99, maxWaitSeconds: 0 },
      [
        ['FLOW.PARAM_REQUIRED', 'nodes[2].params.name'],
        ['FLOW.PARAM_INVALID', 'nodes[2].params.priority'],
        ['FLOW.PARAM_INVALID', 'nodes[2].params.maxWaitSeconds'],
      ],
    ],
  ])('reports %s, naming the field', (_case, params, expected) => {
    expect(problems(params)).toEqual(expected);
  });

  it('takes null prompts as the built-in wording', () => {
    expect(queueSettings({ name: 'q', holdPromptId: null, noAgentPromptId: null })).toMatchObject({
      holdPromptId: null,
      noAgentPromptId: null,
    });
  });

  it('refuses stored parameters that do not parse', () => {
    expect(() => queueSettings({ name: '' })).toThrow(ActivityParamsInvalid);
  });

  it('names its hold and no-agent prompts for the publish check', () => {
    expect(QUEUE_NODE.promptRefs(queueParams())).toEqual([
      { field: 'holdPromptId', promptId: 'p-hold' },
      { field: 'noAgentPromptId', promptId: 'p-no-agent' },
    ]);
    expect(QUEUE_NODE.promptRefs(queueParams({ holdPromptId: undefined }))).toHaveLength(1);
    expect(QUEUE_NODE.promptRefs(undefined)).toEqual([]);
  });

  it('has two labelled branches, answered and timeout', () => {
    expect(QUEUE_NODE.branches).toEqual(['answered', 'timeout']);
  });
});

describe('customer flows in the graph rules', () => {
  it('accept Entry -> Play Prompt -> Queue -(timeout)-> Play Prompt -> Exit, -(answered)-> Exit', () => {
    expect(validateFlowGraph(customerGraph(), NODE_KINDS)).toEqual([]);
    expect(
      validateFlowGraph(customerGraph({ greetingPromptId: null, goodbyePromptId: null }), NODE_KINDS),
    ).toEqual([]);
  });

  it('name a Queue parameter problem by its node and field', () => {
    const found = validateFlowGraph(customerGraph({ queue: queueParams({ maxWaitSeconds: 1 }) }), NODE_KINDS);
    expect(found.map((p) => [p.code, p.field, p.node])).toEqual([
      ['FLOW.PARAM_INVALID', 'nodes[2].params.maxWaitSeconds', 'queue'],
    ]);
  });

  it('want both branches of a Queue connected, and only labelled ones', () => {
    const g = customerGraph();
    const unlabelled = {
      ...g,
      edges: g.edges.map((e) => (e.branch === 'answered' ? { from: e.from, to: e.to } : e)),
    };
    expect(validateFlowGraph(unlabelled, NODE_KINDS).map((p) => [p.code, p.field])).toEqual([
      ['FLOW.BRANCH_UNKNOWN', 'edges[2].branch'],
      ['FLOW.DEAD_END', 'nodes[2]'],
    ]);
  });

  it('refuse a loop of Play Prompts that never reaches an Exit', () => {
    const g = customerGraph();
    const looped = {
      nodes: [...g.nodes, { id: 'again', kind: 'play-prompt', params: { promptId: 'p-1' } }],
      edges: [
        ...g.edges.filter((e) => e.from !== 'goodbye'),
        { from: 'goodbye', to: 'again' },
        { from: 'again', to: 'goodbye' },
      ],
    };
    expect(validateFlowGraph(looped, NODE_KINDS).map((p) => p.code)).toContain('FLOW.CYCLE_WITHOUT_EXIT');
  });

  it('refuse a Timed Presence activity in a customer flow', () => {
    const login = loginGraph();
    const mixed = {
      nodes: [...login.nodes, { id: 'say', kind: 'play-prompt', params: { promptId: 'p-1' } }],
      edges: [
        ...login.edges.filter((e) => e.from !== 'tp'),
        { from: 'tp', to: 'say' },
        { from: 'say', to: 'exit' },
      ],
    };
    expect(validateFlowGraph(mixed, NODE_KINDS).map((p) => [p.code, p.field, p.node])).toEqual([
      ['FLOW.ACTIVITY_FAMILIES_MIXED', 'nodes[3].kind', 'say'],
    ]);
  });
});
