import { anAgentPresence, FixedClock, type AgentPresenceBuilder } from '@tp/fakes';
import {
  AgentPresence,
  Hours,
  OnlineUntil,
  type AgentPresenceProps,
  type GoOfflineReason,
  type PresenceEvent,
  type PresenceState,
} from './index';

const START = '2026-01-15T09:00:00.000Z';
const IN_8_HOURS = '2026-01-15T17:00:00.000Z';

function eventsOf(presence: AgentPresence): PresenceEvent[] {
  return presence.pullEvents();
}

/** An agent of tenant acme in the given state, with the given expiry when not offline. */
function agentWhoIs(state: PresenceState, until = IN_8_HOURS): AgentPresenceBuilder {
  const builder = anAgentPresence();
  if (state === 'online') return builder.onlineUntil(until);
  if (state === 'busy') return builder.busyUntil(until);
  return builder;
}

describe(AgentPresence.name, () => {
  let clock: FixedClock;

  beforeEach(() => {
    clock = new FixedClock(START);
  });

  describe('an agent who never had presence', () => {
    it('is offline, without expiry, at sequence 0', () => {
      const presence = AgentPresence.absent('acme', 'agent-1');

      expect(presence.toSnapshot()).toEqual({
        tenantId: 'acme',
        agentId: 'agent-1',
        state: 'offline',
        expiresAt: null,
        breakEndsAt: null,
        sequence: 0,
        lastReason: null,
        changedAt: null,
        expiredWhileBusy: false,
      });
      expect(presence.peekEvents()).toEqual([]);
    });
  });

  describe('going online', () => {
    it('takes an offline agent online until the hours run out', () => {
      const presence = AgentPresence.absent('acme', 'agent-1');

      presence.goOnlineFor(Hours.of(8), clock.now());

      expect(presence.state).toBe('online');
      expect(presence.expiresAt?.toISOString()).toBe(IN_8_HOURS);
      expect(presence.sequence).toBe(1);
      expect(presence.lastReason).toBe('login');
      expect(presence.changedAt?.toISOString()).toBe(START);
      expect(eventsOf(presence)).toEqual([
        {
          type: 'agent-went-online',
          tenantId: 'acme',
          agentId: 'agent-1',
          state: 'online',
          expiresAt: IN_8_HOURS,
          breakEndsAt: null,
          reason: 'login',
          sequence: 1,
          occurredAt: START,
        },
      ]);
    });

    it('puts how the window was chosen on the event, for the session record', () => {
      const presence = AgentPresence.absent('acme', 'agent-1');

      presence.goOnlineFor(Hours.of(8), clock.now(), 'login', 'ivr-custom-hours');
      presence.goOnlineFor(Hours.of(2), clock.now(), 'login', 'ivr-preset');
      presence.goOffline('agent-logoff', clock.now());

      expect(eventsOf(presence).map((e) => [e.type, e.via])).toEqual([
        ['agent-went-online', 'ivr-custom-hours'],
        ['agent-presence-changed', 'ivr-preset'],
        ['agent-went-offline', undefined],
      ]);
    });

    it('takes an agent online until a given instant, and gives an online agent that end', () => {
      const until = '2026-01-15T17:30:00.000Z';
      const offline = AgentPresence.absent('acme', 'agent-1');
      const online = agentWhoIs('online').withSequence(2).build();

      offline.goOnlineFor(OnlineUntil.of(new Date(until), clock.now(), 9), clock.now());
      online.goOnlineFor(OnlineUntil.of(new Date(until), clock.now(), 9), clock.now());

      expect(offline.expiresAt?.toISOString()).toBe(until);
      expect(eventsOf(offline)).toEqual([
        expect.objectContaining({ type: 'agent-went-online', expiresAt: until, reason: 'login' }),
      ]);
      expect(eventsOf(online)).toEqual([
        expect.objectContaining({ type: 'agent-presence-changed', expiresAt: until, reason: 'changed' }),
      ]);
    });

    it('records an administrator who sets an agent online', () => {
      const presence = anAgentPresence().withSequence(4).build();

      presence.goOnlineFor(Hours.of(2), clock.now(), 'admin');

      expect(eventsOf(presence)).toEqual([
        expect.objectContaining({ type: 'agent-went-online', reason: 'admin', sequence: 5 }),
      ]);
    });

    it.each([
      ['online', 'login', 'changed'],
      ['online', 'admin', 'admin'],
      ['busy', 'login', 'changed'],
      ['busy', 'admin', 'admin'],
    ] as const)('gives a %s agent a new window from now (%s, reason %s)', (state, by, reason) => {
      const presence = agentWhoIs(state, '2026-01-18T09:00:00.000Z').withSequence(3).build();

      presence.goOnlineFor(Hours.of(8), clock.now(), by);

      expect(presence.state).toBe(state);
      expect(presence.expiresAt?.toISOString()).toBe(IN_8_HOURS);
      expect(eventsOf(presence)).toEqual([
        {
          type: 'agent-presence-changed',
          tenantId: 'acme',
          agentId: 'agent-1',
          state,
          expiresAt: IN_8_HOURS,
          breakEndsAt: null,
          reason,
          sequence: 4,
          occurredAt: START,
        },
      ]);
    });

    it('clears an expiry that passed during the call when a busy agent chooses new hours', () => {
      const presence = anAgentPresence().busyUntil(START).expiredWhileBusy().build();

      presence.goOnlineFor(Hours.of(1), clock.now());
      presence.markAvailable(clock.advanceBy(60_000));

      expect(presence.expiredWhileBusy).toBe(false);
      expect(presence.state).toBe('online');
    });
  });

  describe('going offline', () => {
    it.each<[PresenceState, GoOfflineReason]>([
      ['online', 'agent-logoff'],
      ['online', 'expired'],
      ['online', 'unreachable'],
      ['online', 'admin'],
      ['busy', 'agent-logoff'],
      ['busy', 'admin'],
    ])('takes a %s agent offline for the reason %s', (state, reason) => {
      const presence = agentWhoIs(state).withSequence(7).build();

      presence.goOffline(reason, clock.now());

      expect(presence.toSnapshot()).toMatchObject({
        state: 'offline',
        expiresAt: null,
        breakEndsAt: null,
        sequence: 8,
        lastReason: reason,
        expiredWhileBusy: false,
      });
      expect(eventsOf(presence)).toEqual([
        {
          type: 'agent-went-offline',
          tenantId: 'acme',
          agentId: 'agent-1',
          state: 'offline',
          expiresAt: null,
          breakEndsAt: null,
          reason,
          sequence: 8,
          occurredAt: START,
        },
      ]);
    });

    it('leaves an offline agent as is, without an event', () => {
      const presence = anAgentPresence().withSequence(2).lastChanged('expired', START).build();

      presence.goOffline('agent-logoff', clock.advanceHours(1));

      expect(presence.toSnapshot()).toMatchObject({ state: 'offline', sequence: 2, lastReason: 'expired' });
      expect(presence.peekEvents()).toEqual([]);
    });
  });

  describe('calls', () => {
    it('makes an online agent busy when a call starts, keeping the expiry', () => {
      const presence = anAgentPresence().onlineUntil(IN_8_HOURS).withSequence(1).build();

      presence.markBusy(clock.now());

      expect(presence.state).toBe('busy');
      expect(presence.expiresAt?.toISOString()).toBe(IN_8_HOURS);
      expect(eventsOf(presence)).toEqual([
        expect.objectContaining({
          type: 'agent-presence-changed',
          state: 'busy',
          expiresAt: IN_8_HOURS,
          breakEndsAt: null,
          reason: 'call-started',
          sequence: 2,
        }),
      ]);
    });

    it('leaves a busy agent busy when told again', () => {
      const presence = anAgentPresence().busyUntil(IN_8_HOURS).withSequence(2).build();

      presence.markBusy(clock.now());

      expect(presence.sequence).toBe(2);
      expect(presence.peekEvents()).toEqual([]);
    });

    it('refuses to put an offline agent on a call', () => {
      const presence = anAgentPresence().build();

      expect(() => presence.markBusy(clock.now())).toThrow(
        expect.objectContaining({
          code: 'PRESENCE.AGENT_OFFLINE',
          kind: 'conflict',
          details: { tenantId: 'acme', agentId: 'agent-1' },
        }),
      );
      expect(presence.state).toBe('offline');
    });

    it('makes a busy agent available again when the call ends before expiry', () => {
      const presence = anAgentPresence().busyUntil(IN_8_HOURS).withSequence(2).build();

      presence.markAvailable(clock.advanceHours(1));

      expect(presence.state).toBe('online');
      expect(presence.expiresAt?.toISOString()).toBe(IN_8_HOURS);
      expect(eventsOf(presence)).toEqual([
        expect.objectContaining({
          type: 'agent-presence-changed',
          state: 'online',
          reason: 'call-ended',
          sequence: 3,
          occurredAt: '2026-01-15T10:00:00.000Z',
        }),
      ]);
    });

    it.each([
      ['at the expiry', 8],
      ['after the expiry', 9],
    ])('takes the agent offline when the call ends %s', (_when, hoursLater) => {
      const presence = anAgentPresence().busyUntil(IN_8_HOURS).withSequence(2).build();

      presence.markAvailable(clock.advanceHours(hoursLater));

      expect(presence.toSnapshot()).toMatchObject({
        state: 'offline',
        expiresAt: null,
        breakEndsAt: null,
        lastReason: 'expired',
        sequence: 3,
      });
      expect(eventsOf(presence)).toEqual([
        expect.objectContaining({
          type: 'agent-went-offline',
          reason: 'expired',
          expiresAt: null,
          breakEndsAt: null,
          sequence: 3,
        }),
      ]);
    });

    it.each(['offline', 'online'] as const)('leaves an %s agent as is when a call ends', (state) => {
      const presence = agentWhoIs(state).withSequence(5).build();

      presence.markAvailable(clock.now());

      expect(presence.state).toBe(state);
      expect(presence.sequence).toBe(5);
      expect(presence.peekEvents()).toEqual([]);
    });

    it('lets an agent whose expiry passed unnoticed finish the call, then takes them offline', () => {
      const presence = anAgentPresence().onlineUntil(START).build();

      presence.markBusy(clock.advanceBy(1_000));
      presence.markAvailable(clock.advanceBy(60_000));

      expect(presence.state).toBe('offline');
      expect(eventsOf(presence).map((e) => [e.type, e.reason])).toEqual([
        ['agent-presence-changed', 'call-started'],
        ['agent-went-offline', 'expired'],
      ]);
    });
  });

  describe('expiry', () => {
    it('takes an online agent offline once the hours have run out', () => {
      const presence = AgentPresence.absent('acme', 'agent-1');
      presence.goOnlineFor(Hours.of(8), clock.now());
      presence.pullEvents();

      const outcome = presence.expireIfDue(clock.advanceHours(8));

      expect(outcome).toBe('expired');
      expect(presence.toSnapshot()).toMatchObject({
        state: 'offline',
        expiresAt: null,
        breakEndsAt: null,
        sequence: 2,
        lastReason: 'expired',
      });
      expect(eventsOf(presence)).toEqual([
        {
          type: 'agent-went-offline',
          tenantId: 'acme',
          agentId: 'agent-1',
          state: 'offline',
          expiresAt: null,
          breakEndsAt: null,
          reason: 'expired',
          sequence: 2,
          occurredAt: IN_8_HOURS,
        },
      ]);
    });

    it.each<[string, PresenceState, number]>([
      ['online, a millisecond before expiry', 'online', -1],
      ['offline', 'offline', 3_600_000],
    ])('leaves an agent who is %s as is', (_case, state, offsetMs) => {
      const presence = agentWhoIs(state).withSequence(1).build();

      const outcome = presence.expireIfDue(new Date(Date.parse(IN_8_HOURS) + offsetMs));

      expect(outcome).toBe('not-due');
      expect(presence.state).toBe(state);
      expect(presence.peekEvents()).toEqual([]);
    });

    it('changes nothing when run twice', () => {
      const presence = anAgentPresence().onlineUntil(IN_8_HOURS).withSequence(1).build();
      const later = clock.advanceHours(9);

      presence.expireIfDue(later);
      const second = presence.expireIfDue(later);

      expect(second).toBe('not-due');
      expect(presence.sequence).toBe(2);
      expect(presence.pullEvents()).toHaveLength(1);
    });

    it('keeps a busy agent on the call and remembers the expiry for when it ends', () => {
      const presence = anAgentPresence().busyUntil(IN_8_HOURS).withSequence(2).build();

      const outcome = presence.expireIfDue(clock.advanceHours(8));

      expect(outcome).toBe('expires-when-call-ends');
      expect(presence.toSnapshot()).toMatchObject({ state: 'busy', expiredWhileBusy: true, sequence: 2 });
      expect(presence.peekEvents()).toEqual([]);
    });

    it('takes a busy agent whose hours ran out offline when the call ends, even with a clock behind', () => {
      const presence = anAgentPresence().busyUntil(IN_8_HOURS).withSequence(2).build();
      presence.expireIfDue(clock.advanceHours(8));
      presence.expireIfDue(clock.now());

      // another replica's clock a little behind the one that saw the expiry
      presence.markAvailable(new Date(Date.parse(IN_8_HOURS) - 5_000));

      expect(presence.toSnapshot()).toMatchObject({ state: 'offline', expiredWhileBusy: false, sequence: 3 });
      expect(eventsOf(presence)).toEqual([
        expect.objectContaining({ type: 'agent-went-offline', reason: 'expired' }),
      ]);
    });
  });

  describe('availability', () => {
    it.each([
      ['online before expiry', 'online', 0, true],
      ['online at expiry', 'online', 8, false],
      ['busy', 'busy', 0, false],
      ['offline', 'offline', 0, false],
    ] as const)('offers calls to an agent who is %s: %p', (_case, state, hoursLater, available) => {
      const presence = agentWhoIs(state).build();

      expect(presence.isAvailableForCalls(clock.advanceHours(hoursLater))).toBe(available);
    });

    it('is never due while offline', () => {
      expect(AgentPresence.absent('acme', 'agent-1').isDue(clock.advanceHours(1000))).toBe(false);
    });
  });

  describe('every change', () => {
    it('raises the sequence by one and records one event', () => {
      const presence = AgentPresence.absent('acme', 'agent-1');

      presence.goOnlineFor(Hours.of(8), clock.now());
      presence.markBusy(clock.advanceBy(60_000));
      presence.markAvailable(clock.advanceBy(60_000));
      presence.goOnlineFor(Hours.of(2), clock.advanceBy(60_000));
      presence.goOffline('agent-logoff', clock.advanceBy(60_000));

      expect(presence.pullEvents().map((e) => [e.type, e.reason, e.sequence])).toEqual([
        ['agent-went-online', 'login', 1],
        ['agent-presence-changed', 'call-started', 2],
        ['agent-presence-changed', 'call-ended', 3],
        ['agent-presence-changed', 'changed', 4],
        ['agent-went-offline', 'agent-logoff', 5],
      ]);
      expect(presence.sequence).toBe(5);
    });
  });

  describe('storage', () => {
    const stored: AgentPresenceProps = {
      tenantId: 'acme',
      agentId: 'agent-1',
      state: 'busy',
      expiresAt: new Date(IN_8_HOURS),
      breakEndsAt: null,
      sequence: 12,
      lastReason: 'call-started',
      changedAt: new Date(START),
      expiredWhileBusy: true,
    };

    it('restores exactly what was stored, without events', () => {
      const presence = AgentPresence.restore(stored);

      expect(presence.toSnapshot()).toEqual(stored);
      expect(presence.peekEvents()).toEqual([]);
    });

    it('shares no dates with the caller', () => {
      const props = { ...stored, expiresAt: new Date(IN_8_HOURS), changedAt: new Date(START) };
      const presence = AgentPresence.restore(props);

      props.expiresAt.setTime(0);
      presence.expiresAt!.setTime(0);
      presence.changedAt!.setTime(0);
      presence.toSnapshot().expiresAt!.setTime(0);

      expect(presence.expiresAt?.toISOString()).toBe(IN_8_HOURS);
      expect(presence.changedAt?.toISOString()).toBe(START);
    });

    it.each<[string, Partial<AgentPresenceProps>]>([
      ['online without an expiry', { state: 'online', expiresAt: null, expiredWhileBusy: false }],
      ['busy without an expiry', { state: 'busy', expiresAt: null }],
      ['offline with an expiry', { state: 'offline', expiredWhileBusy: false }],
      ['an unknown state', { state: 'away' as never }],
      ['an expiry that is not a date', { expiresAt: new Date('nonsense') }],
      ['a change time that is not a date', { changedAt: new Date('nonsense') }],
      ['a negative sequence', { sequence: -1 }],
      ['a fractional sequence', { sequence: 1.5 }],
      ['an unknown reason', { lastReason: 'vacation' as never }],
      ['an expiry during a call while online', { state: 'online' }],
    ])('refuses to restore %s', (_case, change) => {
      expect(() => AgentPresence.restore({ ...stored, ...change })).toThrow(
        expect.objectContaining({ code: 'PRESENCE.STATE_INVALID', kind: 'invalid' }),
      );
    });
  });
});
