// A caller waiting in a queue, on the routing wing's in-memory fakes behind its seam: what the unit
// tests of the wait (routing) and of the edge's doors to a queue share. Imports nothing of the edge.
import type { ChannelStep, EnqueueStep, SessionTurn } from '@tp/contracts';
import { Secret } from '@tp/dispatch-domain';
import { loadEnv } from '@tp/platform';
import { FixedClock } from '@tp/fakes';
import { DispatchEnvSchema, type DispatchConfig } from '../dispatch.config';
import type { ParkCall } from '../routing';
import { FakeAgentContacts } from './fake-agent-contacts';
import { inMemoryCallRouting } from './in-memory-call-routing';

export const NOW = new Date('2026-11-24T18:00:00.000Z');
export const TENANT = 'acme';
export const CALL_SID = 'CA0123456789abcdef0123456789abcdef';
export const SESSION = 'session-1';
export const ADA = '+14155550101';
export const HOLD = [{ type: 'say' as const, text: 'Please hold, an agent will be with you shortly.' }];
export const GREETING: ChannelStep = { type: 'say', text: 'Thank you for calling.' };
/** The call a flow turn belongs to, as the edge knows it (its `TurnContext`). */
export type QueueContext = Omit<ParkCall, 'sessionId' | 'turn' | 'step'>;

export const CONTEXT: QueueContext = {
  tenantId: TENANT,
  callSid: CALL_SID,
  twilioAccount: 'platform',
  contactPoint: '+14155550100',
};

export const enqueueStep = (overrides: Partial<EnqueueStep> = {}): EnqueueStep => ({
  type: 'enqueue',
  queueNodeId: 'queue-1',
  queueName: 'Support',
  requiredSkills: ['Support '],
  priority: 3,
  maxWaitS: 120,
  hold: HOLD,
  ...overrides,
});

export const turn = (n: number, steps: ChannelStep[], done = false): SessionTurn => ({
  sessionId: SESSION,
  turn: n,
  done,
  steps,
});

/** Lets the offer engine's background kicks run to their end (every fake answers at once). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The routing wing behind its seam on fakes, the clock at `NOW`, ada (`ADA`) an agent of `TENANT`
 * who is offline until `adaOnline()`; `enqueued` parks the caller as a turn ending in `enqueue` does.
 */
export function routingQueueSetup(env: Record<string, string> = {}) {
  const config: DispatchConfig = {
    ...loadEnv(DispatchEnvSchema, { PUBLIC_BASE_URL: 'https://voice.example.com', ...env }),
    platformAccount: {
      owner: 'platform',
      accountSid: 'AC11111111111111111111111111111111',
      authToken: new Secret('platform-token'),
    },
  };
  const clock = new FixedClock(NOW);
  const { routing, queue, deadlines, twilio, legs } = inMemoryCallRouting(
    config,
    clock,
    new FakeAgentContacts().set(TENANT, 'ada', [ADA]),
  );
  /** The caller's turn `n` ending in `enqueue`, parked: the waiting call's id. */
  const enqueued = async (step = enqueueStep(), context: QueueContext = CONTEXT, n = 2) =>
    (await routing.park({ ...context, sessionId: SESSION, turn: n, step })).waitingCallId;
  const call = async (id: string) => (await queue.findCall(id))!;
  /** ada, online with the skill, takes calls from now on. */
  const adaOnline = () => queue.withAgents({ tenantId: TENANT, agentId: 'ada', skills: ['support'] });
  /** The wait URL, the routing wing's door to a waiting caller. */
  const queues = {
    wait: (tenantId: string | null, callSid: string, id: string, queueSid?: string) =>
      routing.waitTurn(tenantId, callSid, id, queueSid),
  };
  return { config, clock, routing, queue, deadlines, twilio, legs, queues, enqueued, call, adaOnline };
}
