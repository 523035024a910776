import type { PromptContentV1 } from '@tp/contracts';
import { customerGraph, customerPromptIds, loginGraph, queueParams } from '@tp/fakes';
import {
  CustomerWalk,
  HOLD_TEXT,
  MAX_NODES_PER_TURN,
  NO_AGENT_TEXT,
  renderWalk,
  walkPromptIds,
  type WalkTurn,
} from './customer-walk';
import type { FlowGraph } from './flow-graph';
import { FlowWalkBroken } from './flow.errors';

const IDS = customerPromptIds();
const tts = (text: string, language = 'en-US'): PromptContentV1 => ({
  kind: 'tts',
  text,
  voice: 'Polly.Joanna',
  language,
});
const CONTENTS = new Map<string, PromptContentV1>([
  [IDS.greeting, tts('Thanks for calling Acme.')],
  [IDS.hold, { kind: 'audio', url: 'https://cdn.example.com/hold.mp3' }],
  [IDS.noAgent, tts('Nobody is free.')],
  [IDS.goodbye, tts('Goodbye.')],
]);
const say = (text: string) => ({ type: 'say', text, voice: 'Polly.Joanna', language: 'en-US' });
const ENQUEUE = {
  type: 'enqueue',
  queueNodeId: 'queue',
  queueName: 'Support',
  requiredSkills: ['support'],
  priority: 0,
  maxWaitS: 60,
  hold: [{ type: 'play', url: 'https://cdn.example.com/hold.mp3' }],
};

describe(CustomerWalk.name, () => {
  const walk = new CustomerWalk(customerGraph());

  it('runs customer flows and leaves login flows to the Timed Presence activity', () => {
    expect(CustomerWalk.runs(customerGraph())).toBe(true);
    expect(CustomerWalk.runs(customerGraph({ greetingPromptId: null }))).toBe(true);
    expect(
      CustomerWalk.runs({
        nodes: [
          { id: 'e', kind: 'entry' },
          { id: 'x', kind: 'exit' },
        ],
        edges: [{ from: 'e', to: 'x' }],
      }),
    ).toBe(true);
    expect(CustomerWalk.runs(loginGraph())).toBe(false);
    expect(CustomerWalk.runs({ nodes: [{ id: 'e', kind: 'entry' }], edges: [] })).toBe(false);
    expect(CustomerWalk.runs({ nodes: [], edges: [] })).toBe(false);
  });

  it('starts with the greeting and ends the first turn in the queue', () => {
    const turn = walk.start();

    expect(turn.waitingAt).toBe('queue');
    expect(turn.done).toBe(false);
    expect(walkPromptIds(turn)).toEqual([IDS.greeting, IDS.hold]);
    expect(renderWalk(turn, CONTENTS)).toEqual([say('Thanks for calling Acme.'), ENQUEUE]);
  });

  it('collects the speech of consecutive Play Prompts', () => {
    const g = customerGraph();
    const twice: FlowGraph = {
      nodes: [...g.nodes, { id: 'more', kind: 'play-prompt', params: { promptId: IDS.goodbye } }],
      edges: [
        ...g.edges.filter((e) => e.from !== 'greeting'),
        { from: 'greeting', to: 'more' },
        { from: 'more', to: 'queue' },
      ],
    };
    expect(renderWalk(new CustomerWalk(twice).start(), CONTENTS)).toEqual([
      say('Thanks for calling Acme.'),
      say('Goodbye.'),
      ENQUEUE,
    ]);
  });

  it('after the maximum wait plays the no-agent prompt and walks the timeout branch to the end', () => {
    const turn = walk.queueResult('queue', 'timeout');

    expect(turn).toMatchObject({ waitingAt: null, done: true });
    expect(walkPromptIds(turn)).toEqual([IDS.noAgent, IDS.goodbye]);
    expect(renderWalk(turn, CONTENTS)).toEqual([say('Nobody is free.'), say('Goodbye.'), { type: 'hangup' }]);
  });

  it('after an answered call walks the answered branch (to the Exit: a hangup)', () => {
    const turn = walk.queueResult('queue', 'answered');

    expect(turn).toEqual({ steps: [{ type: 'hangup' }], waitingAt: null, done: true });
    expect(renderWalk(turn, CONTENTS)).toEqual([{ type: 'hangup' }]);
  });

  it('ends an abandoned wait with a hangup and plays nothing', () => {
    expect(walk.queueResult('queue', 'abandoned')).toEqual({
      steps: [{ type: 'hangup' }],
      waitingAt: null,
      done: true,
    });
  });

  it('can queue again on the timeout branch (an overflow queue)', () => {
    const g = customerGraph();
    const overflow: FlowGraph = {
      nodes: [
        ...g.nodes,
        { id: 'overflow', kind: 'queue', params: queueParams({ name: 'Overflow', requiredSkills: [] }) },
      ],
      edges: [
        ...g.edges.filter((e) => e.from !== 'goodbye'),
        { from: 'goodbye', to: 'overflow' },
        { from: 'overflow', to: 'exit', branch: 'answered' },
        { from: 'overflow', to: 'exit', branch: 'timeout' },
      ],
    };
    const turn = new CustomerWalk(overflow).queueResult('queue', 'timeout');

    expect(turn).toMatchObject({ waitingAt: 'overflow', done: false });
    expect(renderWalk(turn, CONTENTS).at(-1)).toMatchObject({
      type: 'enqueue',
      queueName: 'Overflow',
      requiredSkills: [],
    });
  });

  it('speaks the built-in wording for hold and no agent when media cannot deliver, and leaves out a Play Prompt', () => {
    expect(renderWalk(walk.start(), new Map())).toEqual([
      { ...ENQUEUE, hold: [{ type: 'say', text: HOLD_TEXT }] },
    ]);
    expect(renderWalk(walk.queueResult('queue', 'timeout'), new Map())).toEqual([
      { type: 'say', text: NO_AGENT_TEXT },
      { type: 'hangup' },
    ]);
  });

  it("speaks the built-in wording in the voice of the turn's English prompt", () => {
    const contents = new Map([[IDS.greeting, tts('Hello.')]]);
    expect(renderWalk(walk.start(), contents)).toEqual([
      say('Hello.'),
      { ...ENQUEUE, hold: [say(HOLD_TEXT)] },
    ]);
    const german = new Map([[IDS.greeting, tts('Hallo.', 'de-DE')]]);
    expect(renderWalk(walk.start(), german).at(-1)).toMatchObject({
      hold: [{ type: 'say', text: HOLD_TEXT }],
    });
  });

  it('uses the built-in wording for a Queue without prompts, and asks media for nothing', () => {
    const bare = new CustomerWalk(
      customerGraph({ greetingPromptId: null, goodbyePromptId: null, queue: { name: 'Sales' } }),
    );
    const first = bare.start();
    expect(walkPromptIds(first)).toEqual([]);
    expect(renderWalk(first, new Map())).toEqual([
      {
        type: 'enqueue',
        queueNodeId: 'queue',
        queueName: 'Sales',
        requiredSkills: [],
        priority: 0,
        maxWaitS: 300,
        hold: [{ type: 'say', text: HOLD_TEXT }],
      },
    ]);
    expect(walkPromptIds(bare.queueResult('queue', 'timeout'))).toEqual([]);
  });

  it('asks media once for a prompt played twice', () => {
    const turn: WalkTurn = {
      steps: [
        { type: 'prompt', promptId: 'p', fallback: null },
        { type: 'prompt', promptId: 'p', fallback: null },
      ],
      waitingAt: null,
      done: true,
    };
    expect(walkPromptIds(turn)).toEqual(['p']);
  });

  it('refuses a result for a node that is not a Queue', () => {
    expect(() => walk.queueResult('greeting', 'timeout')).toThrow(FlowWalkBroken);
    expect(() => walk.queueResult('nowhere', 'answered')).toThrow(FlowWalkBroken);
  });

  it('stops at a gap, a node it cannot run, a missing Entry', () => {
    const g = customerGraph();
    const gap = { ...g, edges: g.edges.filter((e) => e.from !== 'greeting') };
    expect(() => new CustomerWalk(gap).start()).toThrow(/nothing follows "greeting"/);
    const noTimeout = { ...g, edges: g.edges.filter((e) => e.branch !== 'timeout') };
    expect(() => new CustomerWalk(noTimeout).queueResult('queue', 'timeout')).toThrow(
      /nothing follows "queue" on branch "timeout"/,
    );
    const login = loginGraph();
    expect(() => new CustomerWalk(login).start()).toThrow(/cannot run the timed-presence node "tp"/);
    expect(() => new CustomerWalk({ nodes: [], edges: [] }).start()).toThrow(/no Entry/);
  });

  it(`runs at most ${MAX_NODES_PER_TURN} nodes in a turn`, () => {
    const loop: FlowGraph = {
      nodes: [
        { id: 'entry', kind: 'entry' },
        { id: 'a', kind: 'play-prompt', params: { promptId: 'p-a' } },
        { id: 'b', kind: 'play-prompt', params: { promptId: 'p-b' } },
      ],
      edges: [
        { from: 'entry', to: 'a' },
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
      ],
    };
    expect(() => new CustomerWalk(loop).start()).toThrow(FlowWalkBroken);
    expect(() => new CustomerWalk(loop).start()).toThrow(`more than ${MAX_NODES_PER_TURN} nodes`);
  });
});
