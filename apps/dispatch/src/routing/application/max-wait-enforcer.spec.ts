import { Secret, TenantTwilioAccount } from '@tp/dispatch-domain';
import { loadEnv } from '@tp/platform';
import { MAX_DEQUEUE_ATTEMPTS, type DequeueAttempt } from '@tp/routing-domain';
import { FixedClock, InMemoryTwilioAccountRepository } from '@tp/fakes';
import { DispatchEnvSchema, type DispatchConfig } from '../../dispatch.config';
import { QueueMembers, type DequeueRequest } from './ports/queue-members.port';
import { RingingOffers } from './ports/ringing-offers.port';
import type { WaitingCall } from './ports/routing-queue.port';
import { PublicUrls } from '../../common/public-urls';
import { TwilioCredentialsSource } from '../../common/twilio-credentials.source';
import { InMemoryWaitDeadlines } from '../../testing/in-memory-wait-deadlines';
import { DEQUEUE_LEASE_MS, MaxWaitEnforcer } from './max-wait-enforcer';

const T0 = new Date('2026-11-24T12:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const PLATFORM_SID = 'AC11111111111111111111111111111111';
const TENANT_SID = 'AC22222222222222222222222222222222';
const TENANT_TOKEN = '0123456789abcdef0123456789abcdef';
const QUEUE_SID = 'QU0123456789abcdef0123456789abcdef';

/** Twilio's Queue Member resource, answering as scripted (the last answer repeated; `dequeued` unless told). */
class ScriptedQueueMembers extends QueueMembers {
  readonly requests: DequeueRequest[] = [];
  private script: DequeueAttempt[] = [];

  answer(...attempts: DequeueAttempt[]): void {
    this.script = attempts;
  }

  dequeue(request: DequeueRequest): Promise<DequeueAttempt> {
    this.requests.push(request);
    const next = this.script.length > 1 ? this.script.shift()! : (this.script[0] ?? 'dequeued');
    return Promise.resolve(next);
  }
}

class RecordingOffers extends RingingOffers {
  readonly calledOff: (string | null)[] = [];
  callerLeft(offerId: string | null): Promise<void> {
    this.calledOff.push(offerId);
    return Promise.resolve();
  }
}

let count = 0;
function waiting(fields: Partial<WaitingCall> = {}): WaitingCall {
  count += 1;
  return {
    id: `00000000-0000-4000-8000-${String(count).padStart(12, '0')}`,
    tenantId: 'acme',
    callSid: `CA${String(count).padStart(32, '0')}`,
    sessionId: `session-${count}`,
    turn: 1,
    twilioAccount: 'platform',
    contactPoint: '+14155550100',
    queueNodeId: 'queue',
    queueName: 'Support',
    requiredSkills: [],
    priority: 0,
    hold: [{ type: 'play', url: 'https://media.example.com/three-minutes-of-music.mp3' }],
    enqueuedAt: T0,
    deadline: at(30),
    status: 'waiting',
    currentOfferId: null,
    missedAgents: [],
    queueSid: QUEUE_SID,
    ...fields,
  };
}

function setup() {
  const config: DispatchConfig = {
    ...loadEnv(DispatchEnvSchema, { PUBLIC_BASE_URL: 'https://voice.example.com' }),
    platformAccount: { owner: 'platform', accountSid: PLATFORM_SID, authToken: new Secret('platform-token') },
  };
  const accounts = new InMemoryTwilioAccountRepository();
  const deadlines = new InMemoryWaitDeadlines();
  const members = new ScriptedQueueMembers();
  const offers = new RecordingOffers();
  const clock = new FixedClock(at(29));
  const enforcer = new MaxWaitEnforcer(
    deadlines,
    members,
    offers,
    new TwilioCredentialsSource(config, accounts),
    new PublicUrls(config),
    clock,
  );
  /** One round of the tick, `seconds` after the call was enqueued. */
  const roundAt = (seconds: number) => {
    clock.set(at(seconds));
    return enforcer.enforce();
  };
  return { enforcer, deadlines, members, offers, clock, accounts, roundAt };
}

describe(MaxWaitEnforcer.name, () => {
  it('takes a caller out of their queue at the deadline, to the flow’s timeout turn, and not before', async () => {
    const { deadlines, members, roundAt } = setup();
    const call = waiting();
    deadlines.add(call);

    await roundAt(29.9);
    expect(members.requests).toEqual([]);

    await roundAt(30.2);
    expect(members.requests).toHaveLength(1);
    expect(members.requests[0]).toMatchObject({
      queueSid: QUEUE_SID,
      callSid: call.callSid,
      url: `https://voice.example.com/twilio/queue/timeout?call=${call.id}`,
    });
    expect(members.requests[0].credentials.accountSid).toBe(PLATFORM_SID);
    expect(deadlines.timedOut).toEqual([call.id]);
    expect(deadlines.dequeueOf(call.id)).toBe('done');

    await roundAt(31.2);
    expect(members.requests).toHaveLength(1);
  });

  it('dequeues through the tenant’s own Twilio account when the number belongs to it', async () => {
    const { deadlines, members, accounts, roundAt } = setup();
    await accounts.save(TenantTwilioAccount.set('acme', TENANT_SID, TENANT_TOKEN, T0));
    deadlines.add(waiting({ twilioAccount: 'tenant' }));

    await roundAt(30);

    expect(members.requests.map((r) => [r.credentials.accountSid, r.credentials.authToken.reveal()])).toEqual(
      [[TENANT_SID, TENANT_TOKEN]],
    );
  });

  it('calls off the offer ringing when the wait ends, once, also when the dequeue is asked again', async () => {
    const { deadlines, members, offers, roundAt } = setup();
    deadlines.add(waiting({ status: 'offering', currentOfferId: 'offer-1' }));
    members.answer('failed', 'dequeued');

    await roundAt(30);
    await roundAt(31);

    expect(members.requests).toHaveLength(2);
    expect(offers.calledOff).toEqual(['offer-1']);
  });

  it('asks again on the next round when Twilio fails, until Twilio takes the caller out', async () => {
    const { deadlines, members, roundAt } = setup();
    const call = waiting();
    deadlines.add(call);
    members.answer('failed', 'failed', 'dequeued');

    await roundAt(30);
    expect(deadlines.dequeueOf(call.id)).toBe('pending');
    await roundAt(31);
    await roundAt(32);
    await roundAt(33);

    expect(members.requests.map((r) => r.callSid)).toEqual([call.callSid, call.callSid, call.callSid]);
    expect(deadlines.dequeueOf(call.id)).toBe('done');
    expect(deadlines.timedOut).toEqual([call.id]);
  });

  it('is done when Twilio knows no such member: the caller left already (the wait URL, a hangup)', async () => {
    const { deadlines, members, roundAt } = setup();
    const call = waiting();
    deadlines.add(call);
    members.answer('not-in-queue');

    await roundAt(30);
    await roundAt(31);

    expect(members.requests).toHaveLength(1);
    expect(deadlines.dequeueOf(call.id)).toBe('done');
  });

  it('gives up at once when Twilio refuses, leaving the caller to the wait URL’s <Leave/>', async () => {
    const { deadlines, members, roundAt } = setup();
    const call = waiting();
    deadlines.add(call);
    members.answer('refused');

    await roundAt(30);
    await roundAt(31);

    expect(members.requests).toHaveLength(1);
    expect(deadlines.dequeueOf(call.id)).toBe('gave-up');
  });

  it(`gives up after ${MAX_DEQUEUE_ATTEMPTS} failed requests`, async () => {
    const { deadlines, members, roundAt } = setup();
    const call = waiting();
    deadlines.add(call);
    members.answer('failed');

    for (let i = 0; i < MAX_DEQUEUE_ATTEMPTS + 5; i += 1) await roundAt(30 + i);

    expect(members.requests).toHaveLength(MAX_DEQUEUE_ATTEMPTS);
    expect(deadlines.dequeueOf(call.id)).toBe('gave-up');
  });

  it('gives up without a Twilio account to ask with', async () => {
    const { deadlines, members, roundAt } = setup();
    const call = waiting({ twilioAccount: 'tenant' }); // the tenant has set no account
    deadlines.add(call);

    await roundAt(30);

    expect(members.requests).toEqual([]);
    expect(deadlines.dequeueOf(call.id)).toBe('gave-up');
  });

  it('ends the wait without a request while the queue SID is unknown, and dequeues once it is known', async () => {
    const { deadlines, members, offers, roundAt } = setup();
    const call = waiting({ queueSid: null, status: 'offering', currentOfferId: 'offer-9' });
    deadlines.add(call);

    await roundAt(30);
    expect(members.requests).toEqual([]);
    expect(offers.calledOff).toEqual(['offer-9']);
    expect(deadlines.timedOut).toEqual([call.id]);

    await deadlines.recordQueueSid(call.id, QUEUE_SID);
    await roundAt(31);
    expect(members.requests.map((r) => r.queueSid)).toEqual([QUEUE_SID]);
    expect(offers.calledOff).toEqual(['offer-9']);
  });

  it('leaves alone a call an agent took, and one that left before its deadline', async () => {
    const { deadlines, members, offers, roundAt } = setup();
    deadlines.add(waiting({ status: 'bridged', currentOfferId: 'offer-2' }));
    deadlines.add(waiting({ status: 'abandoned' }));

    await roundAt(45);

    expect(members.requests).toEqual([]);
    expect(offers.calledOff).toEqual([]);
    expect(deadlines.timedOut).toEqual([]);
  });

  it('stops asking once the caller is known to be out of the queue (the action came)', async () => {
    const { deadlines, members, clock, roundAt } = setup();
    const call = waiting();
    deadlines.add(call);
    members.answer('failed');

    await roundAt(30);
    await deadlines.settleDequeue(call.id, 'done', clock.now()); // what the <Enqueue> action does
    await roundAt(31);

    expect(members.requests).toHaveLength(1);
  });

  it(`holds a dequeue while its request runs (${DEQUEUE_LEASE_MS / 1000} s), so a second round does not ask at the same time`, async () => {
    const { deadlines, members, enforcer, clock } = setup();
    const call = waiting();
    deadlines.add(call);
    let release: ((attempt: DequeueAttempt) => void) | null = null;
    members.dequeue = (request) => {
      members.requests.push(request);
      if (release !== null) return Promise.resolve('dequeued');
      return new Promise<DequeueAttempt>((resolve) => (release = resolve));
    };

    clock.set(at(30));
    const first = enforcer.enforce();
    await new Promise((r) => setImmediate(r));
    clock.set(at(31));
    await enforcer.enforce(); // another replica's round, while the first request is under way
    expect(members.requests).toHaveLength(1);

    release!('failed');
    await first;
    await enforcer.enforce(); // the failure made it due again
    expect(members.requests).toHaveLength(2);
    expect(deadlines.dequeueOf(call.id)).toBe('done');
  });
});
