import { FixedClock } from '@tp/fakes';
import { CallNotOfferable, WaitAlreadyEnded } from './routing.errors';
import { WaitingCall, type NewWaitingCall } from './waiting-call';

const NOW = new Date('2026-11-24T18:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);

const newCall = (overrides: Partial<NewWaitingCall> = {}): NewWaitingCall => ({
  id: 'call-1',
  tenantId: 'acme',
  callSid: `CA${'c'.repeat(32)}`,
  sessionId: 'session-1',
  turn: 2,
  twilioAccount: 'platform',
  contactPoint: '+14155550100',
  queueNodeId: 'queue-1',
  queueName: 'Support',
  requiredSkills: ['support'],
  priority: 0,
  hold: [{ type: 'say', text: 'Please hold.' }],
  enqueuedAt: NOW,
  deadline: at(300_000),
  ...overrides,
});
const WAIT = {
  tenantId: 'acme',
  callSid: `CA${'c'.repeat(32)}`,
  waitingCallId: 'call-1',
  sessionId: 'session-1',
  queueNodeId: 'queue-1',
  queueName: 'Support',
};
const terms = (agentId = 'ada', n = 1) => ({
  offerId: `offer-${n}`,
  agentId,
  reservationId: `reservation-${n}`,
  holdUntil: at(48_000),
});

describe(WaitingCall.name, () => {
  let clock: FixedClock;
  beforeEach(() => (clock = new FixedClock(NOW)));

  it('enters the queue waiting, its skills normalised, offered to nobody yet, recording nothing', () => {
    const call = WaitingCall.enqueue(newCall({ requiredSkills: [' Support', 'billing', 'support'] }));

    expect(call.view()).toEqual({
      ...newCall(),
      requiredSkills: ['billing', 'support'],
      status: 'waiting',
      currentOfferId: null,
      missedAgents: [],
      queueSid: null,
    });
    expect(call.state()).toMatchObject({ offersMade: 0, endedAt: null });
    expect(call.pullEvents()).toEqual([]);
  });

  it('is offered to one agent: offering that offer, which is placing and records offer-made (attempt 1)', () => {
    const call = WaitingCall.enqueue(newCall());

    const offer = call.offerTo(terms(), NOW);

    expect(call.view()).toMatchObject({ status: 'offering', currentOfferId: 'offer-1' });
    expect(call.isOfferedTo('offer-1')).toBe(true);
    expect(offer.view()).toMatchObject({
      id: 'offer-1',
      tenantId: 'acme',
      waitingCallId: 'call-1',
      agentId: 'ada',
      reservationId: 'reservation-1',
      attempt: 1,
      status: 'placing',
      twilioAccount: 'platform',
      holdUntil: at(48_000),
      createdAt: NOW,
    });
    expect(offer.pullEvents()).toEqual([
      { type: 'offer-made', wait: WAIT, offerId: 'offer-1', agentId: 'ada', attempt: 1, at: NOW },
    ]);
  });

  it.each([
    ['while being offered', 'not-waiting', 0, (c: WaitingCall) => c.offerTo(terms('grace', 9), NOW)],
    ['once the wait ended', 'not-waiting', 0, (c: WaitingCall) => c.abandon(NOW)],
    ['at its deadline', 'past-deadline', 300_000, () => undefined],
  ] as const)('refuses to be offered %s (%s)', (_when, reason, later, arrange) => {
    const call = WaitingCall.enqueue(newCall());
    arrange(call);
    const before = call.state();

    expect(() => call.offerTo(terms('ada', 2), at(later))).toThrow(CallNotOfferable);
    expect(call.whyNotOfferable(at(later))?.details).toEqual({ waitingCallId: 'call-1', reason });
    expect(call.state()).toEqual(before);
  });

  it('after a miss waits again, never to be offered to that agent again; the next offer is attempt 2', () => {
    const call = WaitingCall.enqueue(newCall());
    const first = call.offerTo(terms('ada', 1), NOW);
    first.miss('no-answer', call, clock.advanceBy(20_000));

    expect(call.view()).toMatchObject({ status: 'waiting', currentOfferId: null, missedAgents: ['ada'] });
    expect(() => call.offerTo(terms('ada', 2), clock.now())).toThrow(
      expect.objectContaining({
        code: 'ROUTING.CALL_NOT_OFFERABLE',
        details: expect.objectContaining({ reason: 'agent-missed-it' }),
      }),
    );
    expect(call.offerTo(terms('grace', 2), clock.now()).view()).toMatchObject({
      agentId: 'grace',
      attempt: 2,
    });
  });

  it('is offered again to an agent whose offer was never placed', () => {
    const call = WaitingCall.enqueue(newCall());
    call.offerTo(terms('ada', 1), NOW).miss('not-placed', call, NOW);

    expect(call.view().missedAgents).toEqual([]);
    expect(call.offerTo(terms('ada', 2), NOW).view().attempt).toBe(2);
  });

  it.each([
    ['abandon', 'abandoned', 'call-abandoned'],
    ['timeOut', 'left', 'call-timed-out'],
  ] as const)(
    '%s ends the wait once, waiting or offering, with its event and the seconds waited',
    (end, status, type) => {
      const call = WaitingCall.enqueue(newCall());
      call.offerTo(terms(), NOW);
      const later = at(12_345);

      call[end](later);

      expect(call.view()).toMatchObject({ status, currentOfferId: 'offer-1' });
      expect(call.state().endedAt).toEqual(later);
      expect(call.pullEvents()).toEqual([
        { type, wait: WAIT, agentId: null, waitedSeconds: 12.3, at: later },
      ]);
      expect(() => call.abandon(later)).toThrow(WaitAlreadyEnded);
      expect(() => call.timeOut(later)).toThrow(WaitAlreadyEnded);
      expect(call.pullEvents()).toEqual([]);
    },
  );

  it('keeps its state when restored, and records nothing', () => {
    const call = WaitingCall.enqueue(newCall());
    call.offerTo(terms(), NOW);

    const restored = WaitingCall.restore(call.state());

    expect(restored.state()).toEqual(call.state());
    expect(restored.pullEvents()).toEqual([]);
  });
});
