import {
  AgentSessionClosed,
  SessionRecord,
  type SessionPresenceChange,
  type SessionRecordView,
} from './session-record';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

let sequence = 0;
function change(
  minutes: number,
  fields: Partial<SessionPresenceChange> & Pick<SessionPresenceChange, 'type' | 'state' | 'reason'>,
): SessionPresenceChange {
  sequence += 1;
  return {
    tenantId: 'acme',
    agentId: 'ann',
    expiresAt: fields.state === undefined || fields.type === 'agent-went-offline' ? null : at(480),
    sequence,
    occurredAt: at(minutes),
    ...fields,
  };
}

const login = (minutes = 0) =>
  change(minutes, { type: 'agent-went-online', state: 'online', reason: 'login', via: 'ivr-preset' });
const busy = (m: number) =>
  change(m, { type: 'agent-presence-changed', state: 'busy', reason: 'call-started' });
const free = (m: number) =>
  change(m, { type: 'agent-presence-changed', state: 'online', reason: 'call-ended' });
const offline = (m: number, reason: SessionPresenceChange['reason'] = 'expired') =>
  change(m, { type: 'agent-went-offline', state: 'offline', reason, expiresAt: null });

describe(SessionRecord.name, () => {
  beforeEach(() => {
    sequence = 0;
  });

  it('records a day: login, a call, offers made, accepted and missed, and the expiry with its closing event', () => {
    const record = SessionRecord.open('s-1', login());
    record.countOffer({ kind: 'made' });
    record.countOffer({ kind: 'missed', reason: 'no-answer' });
    record.countOffer({ kind: 'made' });
    record.countOffer({ kind: 'accepted' });
    record.apply(busy(30));
    record.apply(free(42));
    expect(record.peekEvents()).toEqual([]);

    record.apply(offline(480));

    const view: SessionRecordView = {
      tenantId: 'acme',
      agentId: 'ann',
      sessionId: 's-1',
      startedAt: at(0),
      via: 'ivr-preset',
      firstPlannedEndAt: at(480),
      plannedEndAt: at(480),
      endedAt: at(480),
      endReason: 'expired',
      breaks: { count: 0, seconds: 0 },
      offers: { made: 2, accepted: 1, missed: 1, missedByReason: { 'no-answer': 1 } },
      calls: 1,
      talkSeconds: 12 * 60,
    };
    expect(record.view()).toEqual(view);
    expect(record.isOpen).toBe(false);
    expect(record.pullEvents()).toEqual([new AgentSessionClosed(view)]);
  });

  it('counts breaks from the break events (state on-break, reason break-started; online, break-ended)', () => {
    const record = SessionRecord.open('s-1', login());
    record.apply(change(60, { type: 'agent-presence-changed', state: 'on-break', reason: 'break-started' }));
    record.apply(change(75, { type: 'agent-presence-changed', state: 'online', reason: 'break-ended' }));
    record.apply(change(200, { type: 'agent-presence-changed', state: 'on-break', reason: 'break-started' }));
    // The expiry passed during the second break: offline (expired) ends the break too.
    record.apply(offline(210));

    expect(record.view()).toMatchObject({ breaks: { count: 2, seconds: 25 * 60 }, endReason: 'expired' });
  });

  it('counts talk time up to going offline during a call, and moves the planned end with new hours', () => {
    const record = SessionRecord.open('s-1', login());
    record.apply(
      change(10, { type: 'agent-presence-changed', state: 'online', reason: 'changed', expiresAt: at(600) }),
    );
    record.apply(busy(100));
    record.apply(free(103));
    record.apply(busy(200));
    record.apply(offline(205, 'admin'));

    expect(record.view()).toMatchObject({
      firstPlannedEndAt: at(480),
      plannedEndAt: at(600),
      calls: 2,
      talkSeconds: 8 * 60,
      endedAt: at(205),
      endReason: 'admin',
    });
  });

  it('decides what to do with each change: open, apply, stale, gap, ignore', () => {
    const first = login();
    expect(SessionRecord.decide(null, first)).toBe('open');
    const record = SessionRecord.open('s-1', first);
    const next = busy(5);
    const after = free(6);

    expect(SessionRecord.decide(null, next)).toBe('ignore');
    expect(SessionRecord.decide(record, first)).toBe('stale');
    expect(SessionRecord.decide(record, after)).toBe('gap');
    expect(SessionRecord.decide(record, after, true)).toBe('apply');
    expect(SessionRecord.decide(record, next)).toBe('apply');

    record.apply(next);
    expect(SessionRecord.decide(record, next)).toBe('stale');
    record.apply(after);
    const end = offline(7, 'agent-logoff');
    record.apply(end);
    expect(SessionRecord.decide(record, end)).toBe('stale');
    const again = login(8);
    expect(SessionRecord.decide(record, again)).toBe('open');
    expect(SessionRecord.decide(record, busy(9), true)).toBe('ignore');
  });

  it('knows the times it covers, and refuses a change once ended', () => {
    const record = SessionRecord.open('s-1', login(10));
    expect([
      record.covers(new Date(at(9))),
      record.covers(new Date(at(10))),
      record.covers(new Date(at(900))),
    ]).toEqual([false, true, true]);
    record.apply(offline(20, 'unreachable'));

    expect(record.covers(new Date(at(20)))).toBe(true);
    expect(record.covers(new Date(at(21)))).toBe(false);
    expect(() => record.apply(busy(30))).toThrow('the session has ended');
  });

  it('opens only from going online, and keeps a session without via as null', () => {
    expect(() => SessionRecord.open('s-1', busy(0))).toThrow('agent-went-online');
    const record = SessionRecord.open(
      's-2',
      change(0, { type: 'agent-went-online', state: 'online', reason: 'admin', via: undefined }),
    );

    expect(record.view().via).toBeNull();
  });

  it('restores what it stored', () => {
    const record = SessionRecord.open('s-1', login());
    record.countOffer({ kind: 'missed', reason: 'busy' });

    const restored = SessionRecord.restore(record.toSnapshot());

    expect(restored.view()).toEqual(record.view());
    expect(restored.lastSequence).toBe(1);
  });
});
