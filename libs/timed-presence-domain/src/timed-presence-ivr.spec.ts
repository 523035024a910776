import {
  COLLECT_TIMEOUT_S_DEFAULT,
  COLLECT_TIMEOUT_S_LIMIT,
  MAX_INVALID_ATTEMPTS_DEFAULT,
  MAX_INVALID_ATTEMPTS_LIMIT,
  PIN_MAX_DIGITS,
  PROMPT_ROLES,
  PresetHours,
  TimedPresenceIvr,
  type IvrCall,
  type IvrCaller,
  type IvrConfig,
  type IvrSnapshot,
  type IvrTurn,
} from './index';

const config: IvrConfig = {
  presets: PresetHours.of([8, 24, 48, 72]),
  maxHours: 99,
  verification: 'caller-id',
};

const agent = {
  found: true,
  userId: 'user-7',
  displayName: 'John Smith',
  hasPin: true,
  timeZone: 'America/New_York',
  presence: { state: 'offline', expiresAt: null },
} as const satisfies IvrCaller;

const UNTIL = '2026-01-20T22:00:00.000Z';
/** 17:00 in New York (EST), the agent's zone. */
const NOW = new Date('2026-01-20T22:00:00.000Z');
const onlineAgent: IvrCaller = { ...agent, presence: { state: 'online', expiresAt: new Date(UNTIL) } };

/** A turn in short: prompts by role, collects by purpose, `status` and `hangup`. */
function outline(turn: IvrTurn): string[] {
  return turn.steps.map((step) => {
    switch (step.type) {
      case 'prompt':
        return step.role;
      case 'collect':
        return `collect:${step.purpose}`;
      default:
        return step.type;
    }
  });
}

type Answer = string | null | { pin: 'ok' | 'wrong' | 'locked' };

/** Starts a call and answers it in order; returns every turn, the first one included. */
function call(
  answers: Answer[],
  options: { config?: Partial<IvrConfig>; caller?: IvrCaller; call?: IvrCall } = {},
) {
  const started = TimedPresenceIvr.start(
    { ...config, ...options.config },
    options.caller ?? agent,
    options.call,
  );
  const turns = [started.turn];
  for (const answer of answers) {
    turns.push(
      answer !== null && typeof answer === 'object'
        ? started.ivr.pinChecked(answer.pin)
        : started.ivr.input(answer, NOW),
    );
  }
  return { ivr: started.ivr, turns, last: turns[turns.length - 1] };
}

describe(TimedPresenceIvr.name, () => {
  it("has a prompt role for each of the vendor's seven media, then its own", () => {
    expect(PROMPT_ROLES).toEqual([
      'welcome',
      'resource-lookup-error',
      'preset-hours',
      'custom-hours',
      'invalid-input',
      'online',
      'offline',
      'pin-entry',
      'pin-wrong',
      'pin-locked',
      'pin-not-set',
      'too-many-attempts',
      'break-started',
      'break-not-online',
      'until-time',
      'until-time-confirm',
    ]);
  });

  describe('answering', () => {
    it('tells an unknown caller their number is not set up, and hangs up', () => {
      const { ivr, last } = call([], { caller: { found: false } });

      expect(last).toEqual({
        steps: [{ type: 'prompt', role: 'resource-lookup-error' }, { type: 'hangup' }],
        done: true,
      });
      expect(ivr.outcome).toBe('unknown-caller');
      expect(ivr.userId).toBeNull();
    });

    it('welcomes a known offline agent and offers the preset menu, one key, no finish key', () => {
      const { ivr, last } = call([]);

      expect(last).toEqual({
        steps: [
          { type: 'prompt', role: 'welcome' },
          { type: 'prompt', role: 'preset-hours' },
          { type: 'collect', purpose: 'preset-menu', maxDigits: 1, timeoutS: 5, finishOnKey: '' },
        ],
        done: false,
      });
      expect(ivr.phase).toBe('preset-menu');
      expect(ivr.userId).toBe('user-7');
      expect(ivr.turn).toBe(1);
    });

    it.each(['online', 'busy'] as const)(
      'reads back until when a %s agent is signed in before the menu',
      (state) => {
        const { last } = call([], { caller: { ...agent, presence: { state, expiresAt: new Date(UNTIL) } } });

        expect(last.steps.slice(0, 3)).toEqual([
          { type: 'prompt', role: 'welcome' },
          { type: 'status', state, expiresAt: UNTIL, timeZone: 'America/New_York' },
          { type: 'prompt', role: 'preset-hours' },
        ]);
      },
    );

    it('reads back nothing for presence without an expiry', () => {
      const { last } = call([], { caller: { ...agent, presence: { state: 'online', expiresAt: null } } });

      expect(outline(last)).toEqual(['welcome', 'preset-hours', 'collect:preset-menu']);
    });

    it('waits as long as the activity says', () => {
      const { last } = call(['9'], { config: { timeoutS: 10 } });

      expect(last.steps).toContainEqual({
        type: 'collect',
        purpose: 'custom-hours',
        maxDigits: 3,
        timeoutS: 10,
        finishOnKey: '#',
      });
    });
  });

  describe('the preset menu', () => {
    it.each([
      ['1', 8],
      ['2', 24],
      ['3', 48],
      ['4', 72],
    ])('goes online with key %s for %i hours, confirms and hangs up', (key, hours) => {
      const { ivr, last } = call([key]);

      expect(last).toEqual({
        steps: [{ type: 'prompt', role: 'online' }, { type: 'hangup' }],
        effect: { type: 'go-online', hours, via: 'ivr-preset' },
        done: true,
      });
      expect(ivr.outcome).toBe('went-online');
      expect(ivr.done).toBe(true);
    });

    it('goes offline with key 0, says so and hangs up', () => {
      const { ivr, last } = call(['0'], { caller: onlineAgent });

      expect(last).toEqual({
        steps: [{ type: 'prompt', role: 'offline' }, { type: 'hangup' }],
        effect: { type: 'go-offline', reason: 'agent-logoff' },
        done: true,
      });
      expect(ivr.outcome).toBe('went-offline');
    });

    it('asks for custom hours with key 9, up to three keys so that too many can be told, ended by #', () => {
      const { ivr, last } = call(['9']);

      expect(last).toEqual({
        steps: [
          { type: 'prompt', role: 'custom-hours' },
          { type: 'collect', purpose: 'custom-hours', maxDigits: 3, timeoutS: 5, finishOnKey: '#' },
        ],
        done: false,
      });
      expect(ivr.phase).toBe('custom-hours');
    });

    it.each([null, '', '5', '8', '*', '#', '12'])(
      'says %p is invalid and repeats the preset menu',
      (keys) => {
        const { ivr, last } = call([keys], { caller: onlineAgent });

        expect(last).toEqual({
          steps: [
            { type: 'prompt', role: 'invalid-input' },
            { type: 'prompt', role: 'preset-hours' },
            { type: 'collect', purpose: 'preset-menu', maxDigits: 1, timeoutS: 5, finishOnKey: '' },
          ],
          done: false,
        });
        expect(ivr.invalidAttempts).toBe(1);
      },
    );
  });

  describe('the custom hours entry', () => {
    it.each([
      ['12', 12],
      ['7#', 7],
      ['07', 7],
      ['99', 99],
    ])('goes online with %p for %i hours', (keys, hours) => {
      const { last } = call(['9', keys]);

      expect(last).toEqual({
        steps: [{ type: 'prompt', role: 'online' }, { type: 'hangup' }],
        effect: { type: 'go-online', hours, via: 'ivr-custom-hours' },
        done: true,
      });
    });

    it.each(['0', '00', '0#'])('goes offline with %p', (keys) => {
      const { last } = call(['9', keys]);

      expect(last.effect).toEqual({ type: 'go-offline', reason: 'agent-logoff' });
      expect(outline(last)).toEqual(['offline', 'hangup']);
    });

    it.each([
      ['nothing', null, 99],
      ['a lone #', '#', 99],
      ['three digits', '123', 99],
      ['a star', '1*', 99],
      ['more than the tenant allows', '13', 12],
    ])('says %s is invalid and asks for custom hours again', (_case, keys, maxHours) => {
      const presets = PresetHours.of([1, 2, 4, 8], maxHours);
      const { ivr, last } = call(['9', keys], { config: { presets, maxHours } });

      expect(outline(last)).toEqual(['invalid-input', 'custom-hours', 'collect:custom-hours']);
      expect(last.effect).toBeUndefined();
      expect(ivr.phase).toBe('custom-hours');
    });
  });

  describe('invalid answers', () => {
    it.each<[string, Answer[]]>([
      ['three in the preset menu', ['5', null, '#']],
      ['across both menus', ['7', '9', '123', null]],
    ])('ends the call after three invalid answers (%s), changing nothing', (_case, answers) => {
      const { ivr, turns, last } = call(answers);

      expect(last).toEqual({
        steps: [{ type: 'prompt', role: 'too-many-attempts' }, { type: 'hangup' }],
        done: true,
      });
      expect(turns.some((turn) => turn.effect !== undefined)).toBe(false);
      expect(ivr.outcome).toBe('too-many-attempts');
      expect(ivr.invalidAttempts).toBe(3);
    });

    it.each([
      [1, ['5'], true],
      [2, ['5'], false],
      [2, ['5', '6'], true],
      [5, ['5', '6', '7', '8'], false],
    ])('with a limit of %i, answers %j end the call: %p', (maxInvalidAttempts, answers, ended) => {
      const { last } = call(answers, { config: { maxInvalidAttempts } });

      expect(last.done).toBe(ended);
    });

    it('still takes a valid answer after an invalid one', () => {
      const { ivr, last } = call(['5', '2']);

      expect(last.effect).toEqual({ type: 'go-online', hours: 24, via: 'ivr-preset' });
      expect(ivr.invalidAttempts).toBe(1);
    });
  });

  describe('caller verification', () => {
    const pinConfig = { verification: 'pin' } as const;

    it('asks for a PIN of up to eight digits, ended by #, after the welcome', () => {
      const { ivr, last } = call([], { config: pinConfig });

      expect(last).toEqual({
        steps: [
          { type: 'prompt', role: 'welcome' },
          { type: 'prompt', role: 'pin-entry' },
          { type: 'collect', purpose: 'pin', maxDigits: PIN_MAX_DIGITS, timeoutS: 5, finishOnKey: '#' },
        ],
        done: false,
      });
      expect(ivr.phase).toBe('pin-entry');
    });

    it.each([
      ['1234', '1234'],
      ['1234#', '1234'],
      ['12345678', '12345678'],
    ])('asks the runtime to verify the PIN %p, saying nothing meanwhile', (keys, pin) => {
      const { ivr, last } = call([keys], { config: pinConfig });

      expect(last).toEqual({ steps: [], effect: { type: 'verify-pin', pin }, done: false });
      expect(ivr.phase).toBe('pin-check');
    });

    it('never keeps the PIN in the snapshot', () => {
      const { ivr } = call(['4711'], { config: pinConfig });

      expect(JSON.stringify(ivr.snapshot())).not.toContain('4711');
    });

    it('offers the menu, with the readback, once the PIN is right', () => {
      const { last } = call(['1234', { pin: 'ok' }], { config: pinConfig, caller: onlineAgent });

      expect(outline(last)).toEqual(['status', 'preset-hours', 'collect:preset-menu']);
    });

    it('says a wrong PIN is wrong and asks again, counting an invalid answer', () => {
      const { ivr, last } = call(['1234', { pin: 'wrong' }], { config: pinConfig });

      expect(outline(last)).toEqual(['pin-wrong', 'pin-entry', 'collect:pin']);
      expect(ivr.invalidAttempts).toBe(1);
      expect(ivr.phase).toBe('pin-entry');
    });

    it.each([null, '', '#', '12*4', '123456789'])('says %p is no PIN and asks again', (keys) => {
      const { ivr, last } = call([keys], { config: pinConfig });

      expect(outline(last)).toEqual(['invalid-input', 'pin-entry', 'collect:pin']);
      expect(last.effect).toBeUndefined();
      expect(ivr.invalidAttempts).toBe(1);
    });

    it('ends the call after three wrong PINs, changing nothing', () => {
      const { ivr, last } = call(['1', { pin: 'wrong' }, '2', { pin: 'wrong' }, '3', { pin: 'wrong' }], {
        config: pinConfig,
      });

      expect(outline(last)).toEqual(['too-many-attempts', 'hangup']);
      expect(ivr.outcome).toBe('too-many-attempts');
    });

    it('counts wrong PINs and invalid menu answers together', () => {
      const { last } = call(['1', { pin: 'wrong' }, '2', { pin: 'ok' }, '5', '6'], { config: pinConfig });

      expect(outline(last)).toEqual(['too-many-attempts', 'hangup']);
    });

    it('ends the call when identity has locked the PIN', () => {
      const { ivr, last } = call(['1234', { pin: 'locked' }], { config: pinConfig });

      expect(last).toEqual({
        steps: [{ type: 'prompt', role: 'pin-locked' }, { type: 'hangup' }],
        done: true,
      });
      expect(ivr.outcome).toBe('pin-locked');
    });

    it('never lets in an agent without a PIN when a PIN is required: it says so and hangs up', () => {
      const { ivr, last } = call([], { config: pinConfig, caller: { ...agent, hasPin: false } });

      expect(last).toEqual({
        steps: [
          { type: 'prompt', role: 'welcome' },
          { type: 'prompt', role: 'pin-not-set' },
          { type: 'hangup' },
        ],
        done: true,
      });
      expect(ivr.outcome).toBe('pin-not-set');
    });

    it.each([
      ['TN-Validation-Passed-A', ['welcome', 'preset-hours', 'collect:preset-menu']],
      ['TN-Validation-Passed-B', ['welcome', 'pin-entry', 'collect:pin']],
      [undefined, ['welcome', 'pin-entry', 'collect:pin']],
    ])('with pin-unless-attested and StirVerstat %p starts with %j', (stirVerstat, expected) => {
      const { last } = call([], { config: { verification: 'pin-unless-attested' }, call: { stirVerstat } });

      expect(outline(last)).toEqual(expected);
    });
  });

  describe('out of order', () => {
    it.each<[string, Answer[]]>([
      ['unknown caller', []],
      ['went online', ['1']],
      ['too many attempts', ['5', '5', '5']],
    ])('takes no more keys after the call ended (%s)', (_case, answers) => {
      const { ivr } = call(answers, { caller: answers.length === 0 ? { found: false } : agent });

      expect(() => ivr.input('1', NOW)).toThrow(
        expect.objectContaining({ code: 'IVR.SESSION_ENDED', kind: 'conflict' }),
      );
      expect(() => ivr.pinChecked('ok')).toThrow(expect.objectContaining({ code: 'IVR.SESSION_ENDED' }));
    });

    it('takes no keys while a PIN check is pending', () => {
      const { ivr } = call(['1234'], { config: { verification: 'pin' } });

      expect(() => ivr.input('1', NOW)).toThrow(
        expect.objectContaining({
          code: 'IVR.UNEXPECTED_INPUT',
          details: { received: 'keys', phase: 'pin-check' },
        }),
      );
    });

    it('takes no PIN result it did not ask for', () => {
      const { ivr } = call([]);

      expect(() => ivr.pinChecked('ok')).toThrow(
        expect.objectContaining({
          code: 'IVR.UNEXPECTED_INPUT',
          details: { received: 'pin-result', phase: 'preset-menu' },
        }),
      );
    });
  });

  describe('between webhooks', () => {
    it('is plain JSON, with times as ISO strings', () => {
      const { ivr } = call(['5'], { caller: onlineAgent, call: { stirVerstat: 'TN-Validation-Passed-B' } });
      const snapshot = ivr.snapshot();

      expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
      expect(snapshot).toEqual({
        version: 1,
        config: {
          presets: [8, 24, 48, 72],
          maxHours: 99,
          maxInvalidAttempts: MAX_INVALID_ATTEMPTS_DEFAULT,
          verification: 'caller-id',
          timeoutS: COLLECT_TIMEOUT_S_DEFAULT,
          break: null,
          untilTimeKey: null,
        },
        caller: {
          found: true,
          userId: 'user-7',
          displayName: 'John Smith',
          hasPin: true,
          timeZone: 'America/New_York',
          presence: { state: 'online', expiresAt: UNTIL },
        },
        call: { stirVerstat: 'TN-Validation-Passed-B' },
        phase: 'preset-menu',
        invalidAttempts: 1,
        turn: 2,
        outcome: null,
        pendingUntil: null,
      });
    });

    it.each<[string, Answer[], Answer[]]>([
      ['waiting for a PIN', [], ['1234', { pin: 'ok' }, '2']],
      ['waiting for the PIN check', ['1234'], [{ pin: 'wrong' }, '1', { pin: 'ok' }, '0']],
      ['at the preset menu', ['1234', { pin: 'ok' }], ['9', '12']],
      ['in the custom entry', ['1234', { pin: 'ok' }, '9'], ['x', '7']],
      ['after invalid answers', ['1234', { pin: 'ok' }, '5', '6'], ['7']],
    ])('goes on after a restore %s exactly as it would have', (_case, before, after) => {
      const options = { config: { verification: 'pin' as const }, caller: onlineAgent };
      const straight = call([...before, ...after], options);
      const first = call(before, options);

      const restored = TimedPresenceIvr.restore(
        JSON.parse(JSON.stringify(first.ivr.snapshot())) as IvrSnapshot,
      );
      const turns = after.map((answer) =>
        answer !== null && typeof answer === 'object'
          ? restored.pinChecked(answer.pin)
          : restored.input(answer, NOW),
      );

      expect(turns).toEqual(straight.turns.slice(before.length + 1));
      expect(restored.snapshot()).toEqual(straight.ivr.snapshot());
    });

    it('restores an ended call, which takes no more keys', () => {
      const { ivr } = call([], { caller: { found: false } });
      const restored = TimedPresenceIvr.restore(ivr.snapshot());

      expect(restored.outcome).toBe('unknown-caller');
      expect(() => restored.input('1', NOW)).toThrow(expect.objectContaining({ code: 'IVR.SESSION_ENDED' }));
    });

    it('keeps nothing of the caller it does not need, such as a PIN hash', () => {
      const withSecrets = { ...agent, pinHash: '$argon2id$secret' };
      const { ivr } = call([], { caller: withSecrets });

      expect(JSON.stringify(ivr.snapshot())).not.toContain('secret');
      expect(
        JSON.stringify(TimedPresenceIvr.restore({ ...ivr.snapshot(), caller: withSecrets }).snapshot()),
      ).not.toContain('secret');
    });

    it('keeps a caller without a display name without one', () => {
      const { displayName: _name, ...nameless } = agent;
      const { ivr } = call([], { caller: nameless });

      expect(ivr.snapshot().caller).not.toHaveProperty('displayName');
    });

    const good = (): IvrSnapshot => call(['5'], { caller: onlineAgent }).ivr.snapshot();
    it.each<[string, () => unknown]>([
      ['no snapshot at all', () => null],
      ['an unknown version', () => ({ ...good(), version: 2 })],
      ['an unknown phase', () => ({ ...good(), phase: 'lobby' })],
      ['an unknown outcome', () => ({ ...good(), phase: 'ended', outcome: 'vanished' })],
      ['an ended call without an outcome', () => ({ ...good(), phase: 'ended' })],
      ['an outcome on a running call', () => ({ ...good(), outcome: 'went-online' })],
      ['a fractional count of invalid answers', () => ({ ...good(), invalidAttempts: 1.5 })],
      ['a negative turn', () => ({ ...good(), turn: -1 })],
      ['no caller', () => ({ ...good(), caller: null })],
      [
        'an unknown presence state',
        () => ({ ...good(), caller: { ...good().caller, presence: { state: 'away', expiresAt: null } } }),
      ],
      [
        'an expiry that is not a time',
        () => ({ ...good(), caller: { ...good().caller, presence: { state: 'online', expiresAt: 'soon' } } }),
      ],
      ['an unknown caller in a menu', () => ({ ...good(), caller: { found: false } })],
      ['presets above the maximum', () => ({ ...good(), config: { ...good().config, maxHours: 48 } })],
      ['three presets', () => ({ ...good(), config: { ...good().config, presets: [8, 24, 48] } })],
      ['an unknown policy', () => ({ ...good(), config: { ...good().config, verification: 'face-id' } })],
    ])('refuses to restore %s', (_case, snapshot) => {
      expect(() => TimedPresenceIvr.restore(snapshot() as IvrSnapshot)).toThrow(
        expect.objectContaining({ code: 'IVR.SNAPSHOT_INVALID', kind: 'invalid' }),
      );
    });

    it('counts the turns, so that a runtime can tell a retried webhook', () => {
      const { ivr } = call(['5', '9', '12']);

      expect(ivr.turn).toBe(4);
    });

    it('restores a snapshot written without a call', () => {
      const snapshot = { ...call([]).ivr.snapshot(), call: undefined } as unknown as IvrSnapshot;

      expect(TimedPresenceIvr.restore(snapshot).snapshot().call).toEqual({ stirVerstat: null });
    });
  });

  describe('configuration', () => {
    it.each<[string, Partial<IvrConfig>, string]>([
      ['no invalid answers allowed', { maxInvalidAttempts: 0 }, 'maxInvalidAttempts'],
      [
        'too many invalid answers allowed',
        { maxInvalidAttempts: MAX_INVALID_ATTEMPTS_LIMIT + 1 },
        'maxInvalidAttempts',
      ],
      ['a fractional number of attempts', { maxInvalidAttempts: 1.5 }, 'maxInvalidAttempts'],
      ['no time to answer', { timeoutS: 0 }, 'timeoutS'],
      ['more than a minute to answer', { timeoutS: COLLECT_TIMEOUT_S_LIMIT + 1 }, 'timeoutS'],
      ['an unknown policy', { verification: 'face-id' as never }, 'verification'],
    ])('refuses %s', (_case, change, field) => {
      expect(() => TimedPresenceIvr.start({ ...config, ...change }, agent)).toThrow(
        expect.objectContaining({
          code: 'IVR.CONFIG_INVALID',
          kind: 'invalid',
          details: expect.objectContaining({ field }),
        }),
      );
    });

    it('refuses presets above the maximum of the activity', () => {
      expect(() => TimedPresenceIvr.start({ ...config, maxHours: 48 }, agent)).toThrow(
        expect.objectContaining({
          code: 'PRESENCE.HOURS_OUT_OF_RANGE',
          details: { value: 72, min: 1, max: 48, preset: 4 },
        }),
      );
    });

    it('refuses a maximum above two digits', () => {
      expect(() => TimedPresenceIvr.start({ ...config, maxHours: 100 }, agent)).toThrow(
        expect.objectContaining({ code: 'PRESENCE.MAX_HOURS_OUT_OF_RANGE' }),
      );
    });
  });
});
