import { randomUUID } from 'node:crypto';
import { DISPATCH_EVENTS_V1 } from '@tp/contracts';
import { WaitingCall, type RoutingEvent } from '@tp/routing-domain';
import { FixedClock } from '@tp/fakes';
import { newWaitingCall } from '../../../testing/new-waiting-call';
import { routingOutboxEntry } from './routing-event.envelope';

/** Every event the aggregates record, from one call's life: offered, missed, offered, accepted; and two waits ended otherwise. */
function everyEvent(clock: FixedClock): RoutingEvent[] {
  const id = () => randomUUID();
  const call = WaitingCall.enqueue(newWaitingCall({ id: id(), enqueuedAt: clock.now() }));
  const hold = new Date(clock.now().getTime() + 48_000);
  const first = call.offerTo(
    { offerId: id(), agentId: 'ada', reservationId: id(), holdUntil: hold },
    clock.now(),
  );
  first.miss('no-key', call, clock.advanceBy(12_000));
  const second = call.offerTo(
    { offerId: id(), agentId: 'grace', reservationId: id(), holdUntil: hold },
    clock.now(),
  );
  second.accept(call, clock.advanceBy(9_000));
  const abandoned = WaitingCall.enqueue(newWaitingCall({ id: id(), enqueuedAt: clock.now() }));
  abandoned.abandon(clock.advanceBy(3_000));
  const timedOut = WaitingCall.enqueue(newWaitingCall({ id: id(), enqueuedAt: clock.now() }));
  timedOut.timeOut(clock.advanceBy(300_000));
  return [first, second, call, abandoned, timedOut].flatMap((a) => a.pullEvents());
}

describe(routingOutboxEntry.name, () => {
  it('makes each recorded event the integration event of its name, valid by its contract, on its tenant subject', () => {
    const events = everyEvent(new FixedClock('2026-11-24T18:00:00.000Z'));
    const entries = events.map(routingOutboxEntry);

    expect(events.map((e) => e.type)).toEqual([
      'offer-made',
      'offer-missed',
      'offer-made',
      'offer-accepted',
      'call-answered',
      'call-abandoned',
      'call-timed-out',
    ]);
    for (const [i, entry] of entries.entries()) {
      const contract = DISPATCH_EVENTS_V1.find((c) => c.type === entry.event.type)!;
      expect(contract.subjectFor('acme')).toBe(entry.subject);
      expect(entry.subject).toBe(`dispatch.evt.acme.${events[i].type}.v1`);
      expect(() => contract.envelopeSchema.parse(entry.event)).not.toThrow();
      expect(entry.event).toMatchObject({
        subject: events[i].wait.callSid,
        time: events[i].at.toISOString(),
      });
    }
    expect(new Set(entries.map((e) => e.event.type))).toEqual(new Set(DISPATCH_EVENTS_V1.map((c) => c.type)));
  });

  it('carries the wait, the offer and the reason or the seconds waited', () => {
    const [, missed, , , answered] = everyEvent(new FixedClock('2026-11-24T18:00:00.000Z')).map(
      routingOutboxEntry,
    );

    expect(missed.event.data).toMatchObject({
      agentId: 'ada',
      attempt: 1,
      reason: 'no-key',
      queueName: 'Support',
    });
    expect(answered.event.data).toMatchObject({
      agentId: 'grace',
      waitedSeconds: 21,
      occurredAt: '2026-11-24T18:00:21.000Z',
    });
  });
});
