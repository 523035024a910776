import { PresetHours, TimedPresenceIvr, type IvrCaller, type IvrConfig, type IvrTurn } from './index';

const NOW = new Date('2026-01-15T09:00:00.000Z');

const UNTIL = '2026-01-20T22:00:00.000Z';
const withBreak: IvrConfig = {
  presets: PresetHours.of([8, 24, 48, 72]),
  maxHours: 99,
  verification: 'caller-id',
  break: { key: '6', minutes: 15 },
};

function agentWho(state: 'offline' | 'online' | 'busy' | 'on-break'): IvrCaller {
  return {
    found: true,
    userId: 'user-7',
    hasPin: false,
    timeZone: 'America/New_York',
    presence: { state, expiresAt: state === 'offline' ? null : new Date(UNTIL) },
  };
}

const outline = (turn: IvrTurn) =>
  turn.steps.map((s) =>
    s.type === 'prompt' ? s.role : s.type === 'collect' ? `collect:${s.purpose}` : s.type,
  );

describe('TimedPresenceIvr: the timed break', () => {
  it('starts a break of the configured minutes when an online agent presses the break key', () => {
    const { ivr } = TimedPresenceIvr.start(withBreak, agentWho('online'));

    const turn = ivr.input('6', NOW);

    expect(outline(turn)).toEqual(['break-started', 'hangup']);
    expect(turn.effect).toEqual({ type: 'start-break', minutes: 15 });
    expect(turn.done).toBe(true);
    expect(ivr.outcome).toBe('went-on-break');
  });

  it('honours another key and length', () => {
    const { ivr } = TimedPresenceIvr.start(
      { ...withBreak, break: { key: '7', minutes: 30 } },
      agentWho('online'),
    );

    expect(ivr.input('6', NOW).effect).toBeUndefined(); // 6 is not the break key here: invalid
    expect(ivr.input('7', NOW).effect).toEqual({ type: 'start-break', minutes: 30 });
  });

  it.each(['offline', 'busy', 'on-break'] as const)(
    'tells an agent who is %s that a break needs them online, and asks again (an invalid answer)',
    (state) => {
      const { ivr } = TimedPresenceIvr.start(withBreak, agentWho(state));

      const turn = ivr.input('6', NOW);

      expect(outline(turn)).toEqual(['break-not-online', 'preset-hours', 'collect:preset-menu']);
      expect(turn.effect).toBeUndefined();
      expect(ivr.invalidAttempts).toBe(1);
    },
  );

  it('treats the key as invalid input when the break is off (the vendor behaviour)', () => {
    const { ivr } = TimedPresenceIvr.start({ ...withBreak, break: null }, agentWho('online'));

    const turn = ivr.input('6', NOW);

    expect(outline(turn)).toEqual(['invalid-input', 'preset-hours', 'collect:preset-menu']);
    expect(turn.effect).toBeUndefined();
  });

  it('reads back a break as such', () => {
    const { turn } = TimedPresenceIvr.start(withBreak, agentWho('on-break'));

    expect(turn.steps).toContainEqual({
      type: 'status',
      state: 'on-break',
      expiresAt: UNTIL,
      timeZone: 'America/New_York',
    });
  });

  it('keeps the break settings across webhooks, and restores older snapshots without them as off', () => {
    const { ivr } = TimedPresenceIvr.start(withBreak, agentWho('online'));
    const snapshot = ivr.snapshot();

    expect(snapshot.config.break).toEqual({ key: '6', minutes: 15 });
    expect(TimedPresenceIvr.restore(snapshot).input('6', NOW).effect).toEqual({
      type: 'start-break',
      minutes: 15,
    });
    const { break: _omitted, ...older } = snapshot.config;
    expect(TimedPresenceIvr.restore({ ...snapshot, config: older }).input('6', NOW).effect).toBeUndefined();
  });

  it.each([
    [{ key: '1', minutes: 15 }, 'break.key'],
    [{ key: '9', minutes: 15 }, 'break.key'],
    [{ key: '6', minutes: 0 }, 'break.minutes'],
    [{ key: '6', minutes: 121 }, 'break.minutes'],
  ])('refuses the break setting %j', (breakConfig, field) => {
    expect(() => TimedPresenceIvr.start({ ...withBreak, break: breakConfig }, agentWho('online'))).toThrow(
      expect.objectContaining({ code: 'IVR.CONFIG_INVALID', details: expect.objectContaining({ field }) }),
    );
  });
});
