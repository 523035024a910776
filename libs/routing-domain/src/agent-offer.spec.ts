import { OFFER_MISS_REASONS } from '@tp/contracts';
import { FixedClock } from '@tp/fakes';
import { AgentOffer } from './agent-offer';
import { CallerGone, OfferNotAccepted, OfferSettled, refusalOf, WrapUpNotDue } from './routing.errors';
import { WaitingCall } from './waiting-call';

const NOW = new Date('2026-11-24T18:00:00.000Z');
const WAIT = {
  tenantId: 'acme',
  callSid: `CA${'c'.repeat(32)}`,
  waitingCallId: 'call-1',
  sessionId: 'session-1',
  queueNodeId: 'queue-1',
  queueName: 'Support',
};

/** A call waiting since NOW, offered to ada at NOW (the offer-made event pulled). */
function offered(clock: FixedClock) {
  const call = WaitingCall.enqueue({
    id: 'call-1',
    tenantId: 'acme',
    callSid: WAIT.callSid,
    sessionId: 'session-1',
    turn: 2,
    twilioAccount: 'tenant',
    contactPoint: '+14155550100',
    queueNodeId: 'queue-1',
    queueName: 'Support',
    requiredSkills: [],
    priority: 0,
    hold: [],
    enqueuedAt: clock.now(),
    deadline: new Date(clock.now().getTime() + 300_000),
  });
  const holdUntil = new Date(clock.now().getTime() + 48_000);
  const offer = call.offerTo(
    { offerId: 'offer-1', agentId: 'ada', reservationId: 'r-1', holdUntil },
    clock.now(),
  );
  offer.pullEvents();
  return { call, offer };
}
const EVENT = { wait: WAIT, offerId: 'offer-1', agentId: 'ada', attempt: 1 };

describe(AgentOffer.name, () => {
  let clock: FixedClock;
  beforeEach(() => (clock = new FixedClock(NOW)));

  it('rings once placed, keeping the number and CallSid; a settled offer keeps its status', () => {
    const { call, offer } = offered(clock);
    offer.placed('+14155550101', `CA${'1'.repeat(32)}`);
    expect(offer.view()).toMatchObject({
      status: 'ringing',
      agentNumber: '+14155550101',
      twilioAccount: 'tenant',
    });

    offer.miss('declined', call, clock.now());
    offer.placed('+14155550102', `CA${'2'.repeat(32)}`);

    expect(offer.view()).toMatchObject({ status: 'missed', agentCallSid: `CA${'2'.repeat(32)}` });
  });

  it('is accepted while the call waits for it: accepted, the caller answered, both events in order', () => {
    const { call, offer } = offered(clock);
    offer.placed('+14155550101', `CA${'1'.repeat(32)}`);
    const later = clock.advanceBy(15_000);

    offer.accept(call, later);

    expect(offer.view().status).toBe('accepted');
    expect(offer.state().acceptedAt).toEqual(later);
    expect(call.view().status).toBe('bridged');
    expect([...offer.pullEvents(), ...call.pullEvents()]).toEqual([
      { type: 'offer-accepted', ...EVENT, at: later },
      { type: 'call-answered', wait: WAIT, agentId: 'ada', waitedSeconds: 15, at: later },
    ]);
  });

  it('refuses an accept once settled (OfferSettled) or once the caller left (CallerGone), changing nothing', () => {
    const { call, offer } = offered(clock);
    call.abandon(clock.now());
    call.pullEvents();

    expect(() => offer.accept(call, clock.now())).toThrow(CallerGone);
    expect(() => offer.accept(null, clock.now())).toThrow(CallerGone);
    expect(offer.view().status).toBe('placing');

    offer.miss('caller-gone', call, clock.now());
    expect(() => offer.accept(call, clock.now())).toThrow(OfferSettled);
    expect(call.view()).toMatchObject({ status: 'abandoned', missedAgents: [] });
  });

  it('tells a refusal from a transition that happened, and throws on anything else', () => {
    const { call, offer } = offered(clock);

    expect(refusalOf(() => offer.placed('+14155550101', `CA${'1'.repeat(32)}`))).toBeNull();
    expect(refusalOf(() => offer.end(clock.now(), clock.now()))).toBeInstanceOf(OfferNotAccepted);
    expect(refusalOf(() => offer.miss('busy', call, clock.now()))).toBeNull();
    expect(refusalOf(() => offer.miss('busy', call, clock.now()))?.code).toBe('ROUTING.OFFER_SETTLED');
    expect(() =>
      refusalOf(() => {
        throw new Error('database down');
      }),
    ).toThrow('database down');
  });

  it.each(OFFER_MISS_REASONS.map((reason) => [reason]))(
    'is missed once (%s): offer-missed with the reason, the call given back',
    (reason) => {
      const { call, offer } = offered(clock);
      const later = clock.advanceBy(20_000);

      offer.miss(reason, call, later);

      expect(offer.view()).toMatchObject({ status: 'missed', missReason: reason });
      expect(offer.pullEvents()).toEqual([{ type: 'offer-missed', ...EVENT, reason, at: later }]);
      expect(call.view()).toMatchObject({ status: 'waiting', currentOfferId: null });
      expect(() => offer.miss('busy', call, later)).toThrow(OfferSettled);
      expect(offer.pullEvents()).toEqual([]);
    },
  );

  it('applies leg statuses only when newer by SequenceNumber, unnumbered ones only before a numbered one, none after a final one', () => {
    const { offer } = offered(clock);
    const applied = [
      offer.legStatus('initiated', -1),
      offer.legStatus('ringing', 1),
      offer.legStatus('initiated', -1),
      offer.legStatus('in-progress', 1),
      offer.legStatus('in-progress', 3),
      offer.legStatus('completed', 4),
      offer.legStatus('in-progress', 5),
    ];

    expect(applied).toEqual([true, true, false, false, true, true, false]);
    expect(offer.state()).toMatchObject({ legStatus: 'completed', legSequence: 4 });
  });

  it('ends only as an accepted call, with the wrap-up; frees the agent once the wrap-up ended, once', () => {
    const { call, offer } = offered(clock);
    expect(() => offer.end(clock.now(), clock.now())).toThrow(OfferNotAccepted);
    offer.accept(call, clock.now());
    const ended = clock.advanceBy(60_000);

    offer.end(ended, new Date(ended.getTime() + 10_000));

    expect(offer.state()).toMatchObject({
      status: 'ended',
      endedAt: ended,
      wrapUpUntil: clock.advanceBy(10_000),
    });
    expect(() => offer.end(clock.now(), clock.now())).toThrow(OfferNotAccepted);
    expect(offer.isDueToFree(new Date(clock.now().getTime() - 1))).toBe(false);
    offer.free(clock.now());
    expect(offer.state().freedAt).toEqual(clock.now());
    expect(() => offer.free(clock.now())).toThrow(WrapUpNotDue);
  });

  it('is past its hold only while open, from the hold on', () => {
    const { call, offer } = offered(clock);

    expect(offer.isPastHold(clock.advanceBy(47_999))).toBe(false);
    expect(offer.isPastHold(clock.advanceBy(1))).toBe(true);
    offer.miss('timed-out', call, clock.now());
    expect(offer.isPastHold(clock.now())).toBe(false);
  });
});
