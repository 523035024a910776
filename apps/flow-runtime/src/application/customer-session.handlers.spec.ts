import type { ChannelStep, SessionTurn } from '@tp/contracts';
import { Flow, HOLD_TEXT, NO_AGENT_TEXT } from '@tp/flow-domain';
import {
  customerGraph,
  customerPromptIds,
  FakeAgentDirectory,
  FakePresenceGateway,
  FakePromptCatalog,
  FixedClock,
  InMemoryFlowRepository,
  InMemoryFlowSessionRepository,
  loginGraph,
} from '@tp/fakes';
import type { QueueOutcome } from '@tp/contracts';
import { QueueResultCommand } from './queue-result/queue-result.command';
import { QueueResultHandler } from './queue-result/queue-result.handler';
import { SessionInputCommand } from './session-input/session-input.command';
import { SessionInputHandler } from './session-input/session-input.handler';
import { StartSessionCommand } from './start-session/start-session.command';
import { StartSessionHandler } from './start-session/start-session.handler';

const T0 = '2026-03-02T15:00:00.000Z';
const CALLER = '+14155550199';
const CALL = `CA${'c'.repeat(32)}`;
const IDS = customerPromptIds();

/** What a caller hears of a turn: `<prompt id>` for the tenant's prompts, the words of anything else. */
function heard(turn: SessionTurn): string[] {
  const speech = (s: ChannelStep): string[] =>
    s.type === 'say'
      ? [s.text]
      : s.type === 'enqueue'
        ? [`(enqueue ${s.queueName}: ${s.hold.map((h) => (h.type === 'say' ? h.text : h.type)).join(' ')})`]
        : [`(${s.type})`];
  return turn.steps.flatMap(speech);
}

describe('session handlers: customer flows through StartSession and QueueResult', () => {
  let clock: FixedClock;
  let flows: InMemoryFlowRepository;
  let sessions: InMemoryFlowSessionRepository;
  let agents: FakeAgentDirectory;
  let prompts: FakePromptCatalog;
  let start: StartSessionHandler;
  let input: SessionInputHandler;
  let result: QueueResultHandler;
  let flowId: string;

  beforeEach(async () => {
    clock = new FixedClock(T0);
    flows = new InMemoryFlowRepository();
    sessions = new InMemoryFlowSessionRepository();
    agents = new FakeAgentDirectory();
    const presence = new FakePresenceGateway(clock);
    prompts = new FakePromptCatalog().addSpoken('acme', Object.values(IDS));
    const deadlines = { FLOW_RUNTIME_DEADLINE_MS: 1500 };
    start = new StartSessionHandler(flows, sessions, agents, presence, prompts, clock, deadlines);
    input = new SessionInputHandler(flows, sessions, agents, presence, prompts, clock, deadlines);
    result = new QueueResultHandler(flows, sessions, prompts, clock, deadlines);
    flowId = await published(customerGraph());
  });

  async function published(graph = customerGraph()): Promise<string> {
    const flow = Flow.create(
      { id: flows.nextId(), tenantId: 'acme', name: `Flow ${flows.nextId()}` },
      clock.now(),
    );
    flow.publish(flow.addVersion(graph, clock.now()), clock.now());
    await flows.save(flow);
    return flow.id;
  }

  const call = (flow = flowId, callSid = CALL) =>
    start.execute(new StartSessionCommand('acme', flow, callSid, CALLER));
  const waited = (turn: SessionTurn, outcome: QueueOutcome, tenantId = 'acme') =>
    result.execute(new QueueResultCommand(tenantId, turn.sessionId, turn.turn, outcome));

  it('greets the caller and puts them in the queue, looking nobody up', async () => {
    const first = await call();

    expect(first).toEqual({
      sessionId: 'session-1',
      turn: 1,
      done: false,
      steps: [
        { type: 'say', text: `<${IDS.greeting}>`, voice: 'Polly.Joanna', language: 'en-US' },
        {
          type: 'enqueue',
          queueNodeId: 'queue',
          queueName: 'Support',
          requiredSkills: ['support'],
          priority: 0,
          maxWaitS: 60,
          hold: [{ type: 'say', text: `<${IDS.hold}>`, voice: 'Polly.Joanna', language: 'en-US' }],
        },
      ],
    });
    expect(agents.lookups).toEqual([]);
    expect(sessions.all('acme')).toMatchObject([
      { activity: 'customer', waitingAt: 'queue', status: 'active', callerUserId: null, ivr: null },
    ]);
  });

  it('after the maximum wait plays the no-agent prompt and the timeout branch, then ends', async () => {
    const first = await call();
    clock.advanceBy(60_000);

    const second = await waited(first, 'timeout');

    expect(second).toMatchObject({ sessionId: first.sessionId, turn: 2, done: true });
    expect(heard(second)).toEqual([`<${IDS.noAgent}>`, `<${IDS.goodbye}>`, '(hangup)']);
    expect(sessions.all('acme')).toMatchObject([
      { status: 'ended', outcome: 'timeout', waitingAt: null, turn: 2 },
    ]);
  });

  it('after an answered call follows the answered branch to the Exit', async () => {
    const second = await waited(await call(), 'answered');

    expect(second).toEqual({ sessionId: 'session-1', turn: 2, steps: [{ type: 'hangup' }], done: true });
    expect(sessions.all('acme')).toMatchObject([{ status: 'ended', outcome: 'answered' }]);
  });

  it('ends an abandoned wait with a hangup, playing nothing', async () => {
    const second = await waited(await call(), 'abandoned');

    expect(second.steps).toEqual([{ type: 'hangup' }]);
    expect(sessions.all('acme')).toMatchObject([{ status: 'ended', outcome: 'abandoned' }]);
  });

  it('answers a retried result with the same turn and changes nothing twice, also when both arrive at once', async () => {
    const first = await call();
    const [a, b] = await Promise.all([waited(first, 'timeout'), waited(first, 'timeout')]);
    const later = await waited(first, 'answered'); // whatever a late retry says: the turn stands

    expect(b).toEqual(a);
    expect(later).toEqual(a);
    expect(sessions.all('acme')).toMatchObject([{ turn: 2, outcome: 'timeout' }]);
  });

  it('answers a retried start with the first turn, keeping one session', async () => {
    const first = await call();
    await expect(call()).resolves.toEqual(first);
    expect(sessions.all('acme')).toHaveLength(1);
  });

  it('refuses a result for a turn it never reached, after the end, or of a session it does not know', async () => {
    const first = await call();
    await expect(waited({ ...first, turn: 2 }, 'timeout')).rejects.toMatchObject({
      code: 'FLOW.SESSION_TURN_MISMATCH',
    });
    const second = await waited(first, 'timeout');
    await expect(waited(second, 'timeout')).rejects.toMatchObject({ code: 'FLOW.SESSION_ENDED' });
    await expect(waited(first, 'timeout', 'other')).rejects.toMatchObject({ code: 'FLOW.SESSION_NOT_FOUND' });
  });

  it('refuses keys to a caller waiting in a queue, and a queue result to a login call', async () => {
    const first = await call();
    await expect(
      input.execute(new SessionInputCommand('acme', first.sessionId, first.turn, '1')),
    ).rejects.toMatchObject({ code: 'FLOW.SESSION_COMMAND_UNEXPECTED' });

    const login = await call(await published(loginGraph()), `CA${'d'.repeat(32)}`);
    expect(login.steps.at(-1)).toMatchObject({ type: 'hangup' }); // an unknown caller
    await expect(waited(login, 'timeout')).rejects.toMatchObject({
      code: 'FLOW.SESSION_COMMAND_UNEXPECTED',
      details: { expected: 'session-input', received: 'queue-result' },
    });
  });

  it('speaks the built-in hold and no-agent wording when media does not deliver', async () => {
    prompts.goDown();
    const first = await call();
    expect(heard(first)).toEqual([`(enqueue Support: ${HOLD_TEXT})`]);
    expect(heard(await waited(first, 'timeout'))).toEqual([NO_AGENT_TEXT, '(hangup)']);
  });

  it('ends a flow that goes straight from the Entry to the Exit with a hangup', async () => {
    const flow = await published({
      nodes: [
        { id: 'in', kind: 'entry' },
        { id: 'out', kind: 'exit' },
      ],
      edges: [{ from: 'in', to: 'out' }],
    });
    await expect(call(flow)).resolves.toMatchObject({ steps: [{ type: 'hangup' }], done: true });
  });
});
