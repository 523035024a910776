import { anAgentPresence, FixedClock } from '@tp/fakes';
import { AgentPresence, Hours, type PresenceState } from './index';

const START = '2026-01-15T09:00:00.000Z';
const BREAK_END = '2026-01-15T09:15:00.000Z';
const IN_8_HOURS = '2026-01-15T17:00:00.000Z';

describe('AgentPresence: the timed break', () => {
  let clock: FixedClock;

  beforeEach(() => {
    clock = new FixedClock(START);
  });

  describe('starting a break', () => {
    it('puts an online agent on a break until now + minutes, keeping the expiry', () => {
      const presence = anAgentPresence().onlineUntil(IN_8_HOURS).withSequence(3).build();

      presence.startBreak(15, clock.now());

      expect(presence.toSnapshot()).toMatchObject({
        state: 'on-break',
        expiresAt: new Date(IN_8_HOURS),
        breakEndsAt: new Date(BREAK_END),
        sequence: 4,
        lastReason: 'break-started',
        changedAt: new Date(START),
      });
      expect(presence.isAvailableForCalls(clock.now())).toBe(false);
      expect(presence.pullEvents()).toEqual([
        {
          type: 'agent-presence-changed',
          tenantId: 'acme',
          agentId: 'agent-1',
          state: 'on-break',
          expiresAt: IN_8_HOURS,
          breakEndsAt: BREAK_END,
          reason: 'break-started',
          sequence: 4,
          occurredAt: START,
        },
      ]);
    });

    it.each<[string, () => AgentPresence]>([
      ['offline', () => anAgentPresence().build()],
      ['busy', () => anAgentPresence().busyUntil(IN_8_HOURS).build()],
      ['already on a break', () => anAgentPresence().onBreakUntil(BREAK_END, IN_8_HOURS).build()],
      ['online past the expiry', () => anAgentPresence().onlineUntil(START).build()],
    ])('refuses an agent who is %s, and records nothing', (_case, build) => {
      const presence = build();
      const before = presence.toSnapshot();

      expect(() => presence.startBreak(15, clock.now())).toThrow(
        expect.objectContaining({ code: 'PRESENCE.BREAK_NOT_ALLOWED' }),
      );
      expect(presence.toSnapshot()).toEqual(before);
      expect(presence.peekEvents()).toEqual([]);
    });

    it.each([0, 121, 2.5, Number.NaN])('refuses a break of %s minutes', (minutes) => {
      const presence = anAgentPresence().onlineUntil(IN_8_HOURS).build();

      expect(() => presence.startBreak(minutes, clock.now())).toThrow(
        expect.objectContaining({ code: 'PRESENCE.BREAK_MINUTES_OUT_OF_RANGE' }),
      );
      expect(presence.state).toBe('online');
    });
  });

  describe('ending a break', () => {
    const onBreak = () => anAgentPresence().onBreakUntil(BREAK_END, IN_8_HOURS).withSequence(4).build();

    it('does nothing before the break is over', () => {
      const presence = onBreak();

      expect(presence.endBreakIfDue(new Date(Date.parse(BREAK_END) - 1))).toBe('not-due');
      expect(presence.state).toBe('on-break');
      expect(presence.peekEvents()).toEqual([]);
    });

    it('puts the agent online again at its end, until the original expiry', () => {
      const presence = onBreak();
      clock.set(BREAK_END);

      expect(presence.endBreakIfDue(clock.now())).toBe('break-ended');

      expect(presence.toSnapshot()).toMatchObject({
        state: 'online',
        expiresAt: new Date(IN_8_HOURS),
        breakEndsAt: null,
        sequence: 5,
        lastReason: 'break-ended',
      });
      expect(presence.isAvailableForCalls(clock.now())).toBe(true);
      expect(presence.pullEvents()).toEqual([
        {
          type: 'agent-presence-changed',
          tenantId: 'acme',
          agentId: 'agent-1',
          state: 'online',
          expiresAt: IN_8_HOURS,
          breakEndsAt: null,
          reason: 'break-ended',
          sequence: 5,
          occurredAt: BREAK_END,
        },
      ]);
      expect(presence.endBreakIfDue(clock.now())).toBe('not-due'); // twice changes nothing
    });

    it('takes the agent offline (expired) when the expiry passed during the break', () => {
      const presence = anAgentPresence().onBreakUntil(BREAK_END, '2026-01-15T09:10:00.000Z').build();
      clock.set(BREAK_END);

      expect(presence.endBreakIfDue(clock.now())).toBe('expired');

      expect(presence.toSnapshot()).toMatchObject({
        state: 'offline',
        expiresAt: null,
        breakEndsAt: null,
        lastReason: 'expired',
      });
      expect(presence.pullEvents()).toEqual([
        expect.objectContaining({
          type: 'agent-went-offline',
          state: 'offline',
          expiresAt: null,
          breakEndsAt: null,
          reason: 'expired',
          occurredAt: BREAK_END,
        }),
      ]);
    });

    it('is not expired by the expiry itself: the break end decides', () => {
      const presence = anAgentPresence().onBreakUntil(BREAK_END, '2026-01-15T09:10:00.000Z').build();

      expect(presence.expireIfDue(new Date('2026-01-15T09:12:00.000Z'))).toBe('not-due');
      expect(presence.state).toBe('on-break');
    });

    it.each<PresenceState>(['online', 'busy', 'offline'])('leaves an agent who is %s as is', (state) => {
      const builder = anAgentPresence();
      const presence = (
        state === 'online'
          ? builder.onlineUntil(IN_8_HOURS)
          : state === 'busy'
            ? builder.busyUntil(IN_8_HOURS)
            : builder
      ).build();

      expect(presence.endBreakIfDue(new Date(IN_8_HOURS))).toBe('not-due');
      expect(presence.peekEvents()).toEqual([]);
    });
  });

  describe('during a break', () => {
    const onBreak = () => anAgentPresence().onBreakUntil(BREAK_END, IN_8_HOURS).withSequence(4).build();

    it('new hours end it: online with the new expiry (reason changed)', () => {
      const presence = onBreak();

      presence.goOnlineFor(Hours.of(2), clock.now());

      expect(presence.toSnapshot()).toMatchObject({
        state: 'online',
        expiresAt: new Date('2026-01-15T11:00:00.000Z'),
        breakEndsAt: null,
        lastReason: 'changed',
      });
      expect(presence.pullEvents()).toEqual([
        expect.objectContaining({ type: 'agent-presence-changed', state: 'online', breakEndsAt: null }),
      ]);
    });

    it('going offline ends it', () => {
      const presence = onBreak();

      presence.goOffline('agent-logoff', clock.now());

      expect(presence.toSnapshot()).toMatchObject({ state: 'offline', breakEndsAt: null });
    });

    it('a call that reaches the agent anyway ends it: busy', () => {
      const presence = onBreak();

      presence.markBusy(clock.now());

      expect(presence.toSnapshot()).toMatchObject({
        state: 'busy',
        breakEndsAt: null,
        expiresAt: new Date(IN_8_HOURS),
      });
    });
  });

  describe('storage', () => {
    it('restores a break and refuses a break end without the break (or the reverse)', () => {
      const stored = anAgentPresence().onBreakUntil(BREAK_END, IN_8_HOURS).build().toSnapshot();

      expect(AgentPresence.restore(stored).breakEndsAt?.toISOString()).toBe(BREAK_END);
      expect(() => AgentPresence.restore({ ...stored, breakEndsAt: null })).toThrow(
        expect.objectContaining({ code: 'PRESENCE.STATE_INVALID' }),
      );
      expect(() => AgentPresence.restore({ ...stored, state: 'online' })).toThrow(
        expect.objectContaining({ code: 'PRESENCE.STATE_INVALID' }),
      );
    });
  });
});
