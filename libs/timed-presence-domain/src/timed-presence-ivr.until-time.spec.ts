import {
  PresetHours,
  TimedPresenceIvr,
  type IvrCaller,
  type IvrConfig,
  type IvrSnapshot,
  type IvrTurn,
} from './index';

/** 17:00 in New York (EST), the agent's zone. */
const FIVE_PM = new Date('2026-01-20T22:00:00.000Z');
const minutesLater = (n: number) => new Date(FIVE_PM.getTime() + n * 60_000);

const config: IvrConfig = {
  presets: PresetHours.of([8, 24, 48, 72]),
  maxHours: 99,
  verification: 'caller-id',
  untilTimeKey: '5',
};

const agent: IvrCaller = {
  found: true,
  userId: 'user-7',
  hasPin: false,
  timeZone: 'America/New_York',
  presence: { state: 'offline', expiresAt: null },
};

function outline(turn: IvrTurn): string[] {
  return turn.steps.map((step) => {
    switch (step.type) {
      case 'prompt':
        return step.role;
      case 'collect':
        return `collect:${step.purpose}:${step.maxDigits}${step.finishOnKey}`;
      case 'until-readback':
        return `readback:${step.until}:${step.day}:${step.timeZone}`;
      default:
        return step.type;
    }
  });
}

/** Starts a call at 17:00 and answers in order, each answer a minute after the one before. */
function call(answers: (string | null)[], options: { config?: Partial<IvrConfig>; caller?: IvrCaller } = {}) {
  const started = TimedPresenceIvr.start({ ...config, ...options.config }, options.caller ?? agent);
  const turns = [started.turn, ...answers.map((keys, i) => started.ivr.input(keys, minutesLater(i)))];
  return { ivr: started.ivr, turns, last: turns[turns.length - 1] };
}

describe('TimedPresenceIvr: online until a time of day', () => {
  it('asks for the time on its key, reads the end back, and goes online until it on 1', () => {
    const { ivr, turns, last } = call(['5', '1830', '1']);

    expect(outline(turns[1])).toEqual(['until-time', 'collect:until-time:4#']);
    expect(outline(turns[2])).toEqual([
      'readback:2026-01-20T23:30:00.000Z:today:America/New_York',
      'until-time-confirm',
      'collect:until-time-confirm:1',
    ]);
    expect(last).toEqual({
      steps: [{ type: 'prompt', role: 'online' }, { type: 'hangup' }],
      effect: { type: 'go-online-until', until: '2026-01-20T23:30:00.000Z', via: 'ivr-until-time' },
      done: true,
    });
    expect(ivr.outcome).toBe('went-online');
    expect(ivr.invalidAttempts).toBe(0);
  });

  it('reads a time already past today as tomorrow', () => {
    const { last } = call(['5', '0900', '1']);

    expect(last.effect).toEqual({
      type: 'go-online-until',
      until: '2026-01-21T14:00:00.000Z',
      via: 'ivr-until-time',
    });
  });

  it('says tomorrow in the read-back', () => {
    const { turns } = call(['5', '0900']);

    expect(outline(turns[2])[0]).toBe('readback:2026-01-21T14:00:00.000Z:tomorrow:America/New_York');
  });

  it.each(['2460', '99', '1260', '#', null, '12*5'])(
    'takes %p as invalid input and asks for the time again',
    (keys) => {
      const { ivr, last } = call(['5', keys]);

      expect(outline(last)).toEqual(['invalid-input', 'until-time', 'collect:until-time:4#']);
      expect(last.effect).toBeUndefined();
      expect(ivr.invalidAttempts).toBe(1);
      expect(ivr.phase).toBe('until-time');
    },
  );

  it('takes an end beyond the maximum hours as invalid input and asks again', () => {
    const { ivr, last } = call(['5', '0900'], {
      config: { maxHours: 8, presets: PresetHours.of([1, 2, 4, 8], 8) },
    });

    expect(outline(last)).toEqual(['invalid-input', 'until-time', 'collect:until-time:4#']);
    expect(ivr.invalidAttempts).toBe(1);
  });

  it('asks for the time again on any key but 1 at the read-back, without counting it invalid', () => {
    const { ivr, turns, last } = call(['5', '1830', '2', '1900', '1']);

    expect(outline(turns[3])).toEqual(['until-time', 'collect:until-time:4#']);
    expect(last.effect).toEqual({
      type: 'go-online-until',
      until: '2026-01-21T00:00:00.000Z',
      via: 'ivr-until-time',
    });
    expect(ivr.invalidAttempts).toBe(0);
  });

  it('repeats the read-back on silence, counted as invalid', () => {
    const { ivr, last } = call(['5', '1830', null]);

    expect(outline(last)).toEqual([
      'invalid-input',
      'readback:2026-01-20T23:30:00.000Z:today:America/New_York',
      'until-time-confirm',
      'collect:until-time-confirm:1',
    ]);
    expect(ivr.invalidAttempts).toBe(1);
  });

  it('asks again when the time came while the agent listened to the read-back', () => {
    const started = TimedPresenceIvr.start(config, agent);
    started.ivr.input('5', FIVE_PM);
    started.ivr.input('1701', FIVE_PM);

    const late = started.ivr.input('1', minutesLater(1));

    expect(outline(late)).toEqual(['invalid-input', 'until-time', 'collect:until-time:4#']);
    expect(late.effect).toBeUndefined();
  });

  it('ends the call after too many invalid times, with no effect', () => {
    const { ivr, last } = call(['5', '2460', '99', '1260']);

    expect(outline(last)).toEqual(['too-many-attempts', 'hangup']);
    expect(last.effect).toBeUndefined();
    expect(ivr.outcome).toBe('too-many-attempts');
  });

  it('keeps the vendor behaviour when the key is off: 5 is invalid input', () => {
    const { last } = call(['5'], { config: { untilTimeKey: null } });

    expect(outline(last)).toEqual(['invalid-input', 'preset-hours', 'collect:preset-menu:1']);
  });

  it('takes another free key, and leaves 5 invalid then', () => {
    expect(outline(call(['7'], { config: { untilTimeKey: '7' } }).last)[0]).toBe('until-time');
    expect(outline(call(['5'], { config: { untilTimeKey: '7' } }).last)[0]).toBe('invalid-input');
  });

  it.each(['1', '9', '0', '#', '55'])('refuses %p as the key', (untilTimeKey) => {
    expect(() => TimedPresenceIvr.start({ ...config, untilTimeKey }, agent)).toThrow(
      expect.objectContaining({
        code: 'IVR.CONFIG_INVALID',
        details: expect.objectContaining({ field: 'untilTimeKey' }),
      }),
    );
  });

  it('reads an unknown time zone as UTC rather than failing the call', () => {
    const { turns } = call(['5', '2330'], { caller: { ...agent, timeZone: 'Mars/Olympus' } as IvrCaller });

    expect(outline(turns[2])[0]).toBe('readback:2026-01-20T23:30:00.000Z:today:UTC');
  });

  it('carries the pending end between webhooks and goes on exactly as it would have', () => {
    const first = call(['5', '1830']);
    const snapshot = JSON.parse(JSON.stringify(first.ivr.snapshot())) as IvrSnapshot;

    expect(snapshot.pendingUntil).toEqual({ until: '2026-01-20T23:30:00.000Z', day: 'today' });
    expect(snapshot.config.untilTimeKey).toBe('5');
    const restored = TimedPresenceIvr.restore(snapshot);
    expect(restored.input('1', minutesLater(2)).effect).toEqual({
      type: 'go-online-until',
      until: '2026-01-20T23:30:00.000Z',
      via: 'ivr-until-time',
    });
  });

  it('restores a snapshot from before the feature, and refuses a pending end outside the read-back', () => {
    const { ivr } = call([], { config: { untilTimeKey: null } });
    const { untilTimeKey: _key, ...oldConfig } = ivr.snapshot().config;
    const { pendingUntil: _pending, ...old } = ivr.snapshot();

    expect(TimedPresenceIvr.restore({ ...old, config: oldConfig }).phase).toBe('preset-menu');
    expect(() =>
      TimedPresenceIvr.restore({ ...old, pendingUntil: { until: '2026-01-20T23:30:00.000Z', day: 'today' } }),
    ).toThrow(expect.objectContaining({ code: 'IVR.SNAPSHOT_INVALID' }));
    expect(() => TimedPresenceIvr.restore({ ...old, phase: 'until-time-confirm' })).toThrow(
      expect.objectContaining({ code: 'IVR.SNAPSHOT_INVALID' }),
    );
  });
});
