// The offer engine and the agent legs on in-memory fakes, shared by their unit tests.
import { Secret } from '@tp/dispatch-domain';
import { loadEnv } from '@tp/platform';
import { offerHoldMs } from '@tp/routing-domain';
import { FixedClock, InMemoryTwilioAccountRepository } from '@tp/fakes';
import { DispatchEnvSchema, type DispatchConfig } from '../dispatch.config';
import { AgentLegs, GOODBYE_TEXT } from '../routing/application/agent-legs';
import { OfferEngine } from '../routing/application/offer-engine';
import type { NewWaitingCall, OfferPlan } from '../routing/application/ports/routing-queue.port';
import { PublicUrls } from '../common/public-urls';
import { TwilioCredentialsSource } from '../common/twilio-credentials.source';
import { FakeAgentContacts } from './fake-agent-contacts';
import { FakeOutboundCalls } from './fake-outbound-calls';
import { FakePresenceCommands } from './fake-presence-commands';
import { InMemoryRoutingQueue } from './in-memory-routing-queue';
import { newWaitingCall } from './new-waiting-call';

export const NOW = new Date('2026-11-24T18:00:00.000Z');
export const TENANT = 'acme';
export const PLATFORM_SID = 'AC11111111111111111111111111111111';
export const TENANT_SID = 'AC22222222222222222222222222222222';
/** The agents of `acme`, idle longest first, each with the skill `support`, and their phones. */
export const PHONES = { ada: '+14155550101', grace: '+14155550102', alan: '+14155550103' } as const;
export type Agent = keyof typeof PHONES;
/** What an offer holds its agent for with the default ring (20 s) and screening (8 s) timeouts: 48 s. */
export const HOLD_MS = offerHoldMs(20, 8);

export const goodbye = (text = GOODBYE_TEXT) => ({
  outcome: 'ok',
  steps: [{ type: 'say', text }, { type: 'hangup' }],
  turn: null,
});

/** Lets the engine's background kicks run to their end (every fake answers at once). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A routing queue whose claims can be made to fail, or held until released (after deciding). */
export class ControlledQueue extends InMemoryRoutingQueue {
  claimFailure: Error | null = null;
  private held: Promise<void> | null = null;
  claimsInFlight = 0;
  mostClaimsAtOnce = 0;

  /** Holds every claim that finds nothing until the returned function is called. */
  holdEmptyClaims(): () => void {
    let release!: () => void;
    this.held = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.held = null;
      release();
    };
  }

  override async claimNextOffer(
    tenantId: string,
    now: Date,
    holdMs: number,
    expiryCutoff: Date,
  ): Promise<OfferPlan | null> {
    if (this.claimFailure) throw this.claimFailure;
    this.claimsInFlight += 1;
    this.mostClaimsAtOnce = Math.max(this.mostClaimsAtOnce, this.claimsInFlight);
    try {
      const plan = await super.claimNextOffer(tenantId, now, holdMs, expiryCutoff);
      if (plan === null && this.held) await this.held;
      return plan;
    } finally {
      this.claimsInFlight -= 1;
    }
  }
}

export function setup(env: Record<string, string> = {}) {
  const config: DispatchConfig = {
    ...loadEnv(DispatchEnvSchema, { PUBLIC_BASE_URL: 'https://voice.example.com', ...env }),
    platformAccount: {
      owner: 'platform',
      accountSid: PLATFORM_SID,
      authToken: new Secret('platform-token'),
    },
  };
  const clock = new FixedClock(NOW);
  const queue = new ControlledQueue().withAgents(
    ...Object.keys(PHONES).map((agentId) => ({ tenantId: TENANT, agentId, skills: ['Support'] })),
  );
  const contacts = new FakeAgentContacts();
  for (const [agentId, phone] of Object.entries(PHONES)) contacts.set(TENANT, agentId, [phone]);
  const twilio = new FakeOutboundCalls();
  const presence = new FakePresenceCommands();
  const accounts = new InMemoryTwilioAccountRepository();
  const engine = new OfferEngine(
    queue,
    contacts,
    twilio,
    presence,
    new TwilioCredentialsSource(config, accounts),
    new PublicUrls(config),
    clock,
    config,
  );
  const legs = new AgentLegs(queue, engine, presence, clock, config);

  const enqueue = (overrides: Partial<NewWaitingCall> = {}) =>
    queue.enqueue(newWaitingCall({ enqueuedAt: clock.now(), ...overrides }));
  const call = async (id: string) => (await queue.findCall(id))!;
  const offer = async (id: string) => (await queue.findOffer(id))!;
  /** The offer now made of this call (its current one). */
  const currentOffer = async (callId: string) => offer((await call(callId)).currentOfferId!);
  const misses = (agentId: Agent) => queue.agent(TENANT, agentId)!.consecutiveMisses;
  /** A call enqueued and offered (to ada unless she is taken), its agent's phone ringing. */
  const ringing = async (overrides: Partial<NewWaitingCall> = {}) => {
    const waiting = await enqueue(overrides);
    await engine.offerWaitingCalls(waiting.tenantId);
    await settle();
    return { callId: waiting.id, offer: await currentOffer(waiting.id) };
  };
  /** Ends the leg of an offer with a final status (a numbered callback, the next number). */
  let sequence = 0;
  const legEnds = async (offerId: string, status = 'completed') => {
    await legs.legStatus(TENANT, offerId, status, ++sequence);
    await settle();
  };
  return {
    config,
    clock,
    queue,
    contacts,
    twilio,
    presence,
    accounts,
    engine,
    legs,
    enqueue,
    call,
    offer,
    currentOffer,
    misses,
    ringing,
    legEnds,
  };
}
