// What the session handlers' unit tests share: the handlers on in-memory fakes, published flows,
// and a caller's ear.
import type { ChannelStep, QueueOutcome, SessionTurn } from '@tp/contracts';
import { Flow, type FlowGraph } from '@tp/flow-domain';
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
  promptIdsByRole,
  timedPresenceParams,
} from '@tp/fakes';
import { QueueResultCommand } from '../application/queue-result/queue-result.command';
import { QueueResultHandler } from '../application/queue-result/queue-result.handler';
import { SessionInputCommand } from '../application/session-input/session-input.command';
import { SessionInputHandler } from '../application/session-input/session-input.handler';
import { StartSessionCommand } from '../application/start-session/start-session.command';
import { StartSessionHandler } from '../application/start-session/start-session.handler';

export const T0 = '2026-03-02T15:00:00.000Z'; // a Monday, 9:00 AM in Chicago
/** Ann, an agent of `acme` in Chicago with the PIN 4321, and the call she makes to the login flow. */
export const ANN = '+14155550100';
export const CALL = `CA${'a'.repeat(32)}`;
/** A customer of `acme` (nobody identity knows), and the call they make to a customer flow. */
export const CALLER = '+14155550199';
export const CUSTOMER_CALL = `CA${'c'.repeat(32)}`;

/**
 * What a caller hears of a turn: `<prompt id>` for the tenant's prompts, the words of anything else,
 * the prompts of a collect and the hold of an enqueue.
 */
export function heard(turn: SessionTurn): string[] {
  const speech = (s: ChannelStep): string[] =>
    s.type === 'say'
      ? [s.text]
      : s.type === 'play'
        ? [s.url]
        : s.type === 'collect'
          ? [...s.prompts.flatMap(speech), `(collect ${s.purpose})`]
          : s.type === 'enqueue'
            ? [
                `(enqueue ${s.queueName}: ${s.hold.map((h) => (h.type === 'say' ? h.text : h.type)).join(' ')})`,
              ]
            : [`(${s.type})`];
  return turn.steps.flatMap(speech);
}

/** The session handlers on fakes, with the clock at `T0`, the agents given and the prompts given spoken. */
function sessionFixture(agents: FakeAgentDirectory, promptIds: string[]) {
  const clock = new FixedClock(T0);
  const flows = new InMemoryFlowRepository();
  const sessions = new InMemoryFlowSessionRepository();
  const presence = new FakePresenceGateway(clock);
  const prompts = new FakePromptCatalog().addSpoken('acme', promptIds);
  const deadlines = { FLOW_RUNTIME_DEADLINE_MS: 1500 };
  return {
    clock,
    flows,
    sessions,
    agents,
    presence,
    prompts,
    start: new StartSessionHandler(flows, sessions, agents, presence, prompts, clock, deadlines),
    input: new SessionInputHandler(flows, sessions, agents, presence, prompts, clock, deadlines),
    result: new QueueResultHandler(flows, sessions, prompts, clock, deadlines),
  };
}

/** The Timed Presence login: Ann known to identity, the login prompts spoken. */
export function loginFixture() {
  const agents = new FakeAgentDirectory().add({
    phone: ANN,
    userId: 'ann',
    timeZone: 'America/Chicago',
    pin: '4321',
  });
  return sessionFixture(agents, Object.values(promptIdsByRole()));
}

/** A customer flow: nobody known to identity, the customer flow's prompts spoken. */
export function customerFixture() {
  return sessionFixture(new FakeAgentDirectory(), Object.values(customerPromptIds()));
}

/** Publishes a flow of `acme` with the graph given (a customer flow unless said otherwise); its id. */
export async function publishFlow(
  flows: InMemoryFlowRepository,
  clock: FixedClock,
  graph: FlowGraph = customerGraph(),
  name = 'Flow',
): Promise<string> {
  const flow = Flow.create(
    { id: flows.nextId(), tenantId: 'acme', name: `${name} ${flows.nextId()}` },
    clock.now(),
  );
  flow.publish(flow.addVersion(graph, clock.now()), clock.now());
  await flows.save(flow);
  return flow.id;
}

/** Publishes a login flow of `acme` with the Timed Presence parameters given; its id. */
export const publishLoginFlow = (
  flows: InMemoryFlowRepository,
  clock: FixedClock,
  params: Record<string, unknown> = timedPresenceParams(),
) => publishFlow(flows, clock, loginGraph(params), 'Login');

export interface LoginCallOptions {
  callSid?: string;
  flow?: string;
  stirVerstat?: string;
}

type SessionFixture = ReturnType<typeof sessionFixture>;
/** A spec's current fakes, handlers and flow: read at each step, so a test may replace any of them. */
type Current<K extends keyof SessionFixture> = () => Pick<SessionFixture, K> & { flowId: string };

/** Ann calling the login flow, pressing keys, and more login flows published. */
export function loginCalls(current: Current<'flows' | 'clock' | 'start' | 'input'>) {
  return {
    publishedFlow: (params?: Record<string, unknown>) =>
      publishLoginFlow(current().flows, current().clock, params),
    /** A call to the spec's login flow (or `options.flow`), by default Ann's. */
    call: (from = ANN, options: LoginCallOptions = {}) =>
      current().start.execute(
        new StartSessionCommand(
          'acme',
          options.flow ?? current().flowId,
          options.callSid ?? CALL,
          from,
          options.stirVerstat,
        ),
      ),
    /** The caller's keys (`null`: silence) for the turn the session is at. */
    press: (session: SessionTurn, digits: string | null) =>
      current().input.execute(new SessionInputCommand('acme', session.sessionId, session.turn, digits)),
  };
}

/** A customer calling a flow, the end of their wait in its queue, and more flows published. */
export function customerCalls(current: Current<'flows' | 'clock' | 'start' | 'result'>) {
  return {
    published: (graph: FlowGraph = customerGraph()) => publishFlow(current().flows, current().clock, graph),
    call: (flow = current().flowId, callSid = CUSTOMER_CALL) =>
      current().start.execute(new StartSessionCommand('acme', flow, callSid, CALLER)),
    waited: (turn: SessionTurn, outcome: QueueOutcome, tenantId = 'acme') =>
      current().result.execute(new QueueResultCommand(tenantId, turn.sessionId, turn.turn, outcome)),
  };
}

/** {@link loginFixture} with a login flow published (`flowId`). */
export async function loginWithFlow() {
  const fixture = loginFixture();
  return { ...fixture, flowId: await publishLoginFlow(fixture.flows, fixture.clock) };
}

/** {@link customerFixture} with a customer flow published (`flowId`). */
export async function customerWithFlow() {
  const fixture = customerFixture();
  return { ...fixture, flowId: await publishFlow(fixture.flows, fixture.clock, customerGraph()) };
}
