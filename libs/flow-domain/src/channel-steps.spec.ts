import type { PromptContentV1 } from '@tp/contracts';
import { promptIdsByRole, timedPresenceParams } from '@tp/fakes';
import { PROMPT_ROLES, type IvrStep } from '@tp/timed-presence-domain';
import { isLookupableCallerId } from './caller-id';
import {
  APOLOGY_TEXT,
  apologySteps,
  builtInText,
  EXPIRY_NOTICE_TEXT,
  expiryNoticeSteps,
  promptIdsFor,
  statusText,
  toChannelSteps,
  untilReadbackText,
} from './channel-steps';
import { timedPresenceSettings } from './timed-presence-activity';

const settings = timedPresenceSettings(
  timedPresenceParams({ prompts: { ...(timedPresenceParams().prompts as object), 'pin-entry': 'p-pin' } }),
);
const tts = (text: string): PromptContentV1 => ({
  kind: 'tts',
  text,
  voice: 'Polly.Joanna',
  language: 'en-US',
});
const contents = new Map<string, PromptContentV1>([
  ['p-welcome', tts('Welcome to Acme.')],
  ['p-preset-hours', tts('Press 1 for 8 hours.')],
  ['p-online', { kind: 'audio', url: 'https://cdn.example.com/online.mp3' }],
]);
const HOUSE = { voice: 'Polly.Joanna', language: 'en-US' };

describe(toChannelSteps.name, () => {
  it('nests the speech before a collect inside it, so that keys barge in', () => {
    const steps: IvrStep[] = [
      { type: 'prompt', role: 'welcome' },
      {
        type: 'status',
        state: 'online',
        expiresAt: '2026-03-03T17:00:00.000Z',
        timeZone: 'America/New_York',
      },
      { type: 'prompt', role: 'preset-hours' },
      { type: 'collect', purpose: 'preset-menu', maxDigits: 1, timeoutS: 5, finishOnKey: '' },
    ];

    expect(toChannelSteps(steps, settings, contents)).toEqual([
      {
        type: 'collect',
        purpose: 'preset-menu',
        maxDigits: 1,
        timeoutS: 5,
        finishOnKey: '',
        prompts: [
          { type: 'say', text: 'Welcome to Acme.', ...HOUSE },
          { type: 'say', text: 'You are online until Tuesday at 12:00 PM.', ...HOUSE },
          { type: 'say', text: 'Press 1 for 8 hours.', ...HOUSE },
        ],
      },
    ]);
  });

  it('plays audio prompts, and keeps speech before a hangup outside', () => {
    const steps: IvrStep[] = [{ type: 'prompt', role: 'online' }, { type: 'hangup' }];

    expect(toChannelSteps(steps, settings, contents)).toEqual([
      { type: 'play', url: 'https://cdn.example.com/online.mp3' },
      { type: 'hangup' },
    ]);
  });

  it('speaks the built-in wording, in the house voice, for a role without a prompt or a prompt media did not deliver', () => {
    const steps: IvrStep[] = [
      { type: 'prompt', role: 'pin-locked' },
      { type: 'prompt', role: 'offline' },
    ];

    expect(toChannelSteps(steps, settings, contents)).toEqual([
      { type: 'say', text: builtInText('pin-locked', settings), ...HOUSE },
      { type: 'say', text: builtInText('offline', settings), ...HOUSE },
    ]);
  });

  it("leaves the voice to the renderer when the tenant's prompts are not English text-to-speech", () => {
    const german = new Map([
      ['p-welcome', { kind: 'tts', text: 'Willkommen.', voice: 'Polly.Vicki', language: 'de-DE' } as const],
    ]);

    expect(toChannelSteps([{ type: 'prompt', role: 'too-many-attempts' }], settings, german)).toEqual([
      { type: 'say', text: builtInText('too-many-attempts', settings) },
    ]);
  });
});

describe(builtInText.name, () => {
  it('has words for every role of the IVR', () => {
    for (const role of PROMPT_ROLES) expect(builtInText(role, settings).length).toBeGreaterThan(10);
  });

  it("names the activity's own presets in the menu", () => {
    const custom = timedPresenceSettings(timedPresenceParams({ presetHours: [1, 2, 4, 12], maxHours: 12 }));

    expect(builtInText('preset-hours', custom)).toBe(
      'To go online for 1 hour, press 1. To go online for 2 hours, press 2. To go online for 4 hours, press 3. ' +
        'To go online for 12 hours, press 4. To enter a custom number of hours, press 9. To go offline, press 0.',
    );
    expect(builtInText('custom-hours', custom)).toContain('up to 12');
  });

  it('offers an enabled break in the menu, with its key and minutes, and confirms its length', () => {
    const withBreak = timedPresenceSettings(
      timedPresenceParams({
        prompts: { ...promptIdsByRole(), 'break-started': 'p-bs', 'break-not-online': 'p-bno' },
        breakEnabled: true,
        breakKey: '7',
        breakMinutes: 10,
      }),
    );

    expect(builtInText('preset-hours', withBreak)).toContain(
      'To take a break of 10 minutes, press 7. To go offline, press 0.',
    );
    expect(builtInText('preset-hours', settings)).not.toContain('break');
    expect(builtInText('break-started', withBreak)).toMatch(/^Your break of 10 minutes has started/);
  });
});

describe(statusText.name, () => {
  it.each([
    ['online', 'You are online until Tuesday at 5:00 PM.'],
    ['busy', 'You are on a call; you are online until Tuesday at 5:00 PM.'],
    ['on-break', 'You are on a break; you are online until Tuesday at 5:00 PM.'],
  ] as const)('reads back an agent who is %s, in their time zone', (state, text) => {
    expect(
      statusText({ type: 'status', state, expiresAt: '2026-03-03T17:00:00.000Z', timeZone: 'Europe/London' }),
    ).toBe(text);
  });
});

describe(untilReadbackText.name, () => {
  it.each([
    ['2026-03-03T18:30:00.000Z', 'today', 'Europe/London', 'You will be online until 6:30 PM today.'],
    [
      '2026-03-04T14:00:00.000Z',
      'tomorrow',
      'America/New_York',
      'You will be online until 9:00 AM tomorrow.',
    ],
  ] as const)('reads back %s (%s) in the agent’s zone', (until, day, timeZone, text) => {
    expect(untilReadbackText({ type: 'until-readback', until, day, timeZone })).toBe(text);
  });

  it('speaks the read-back inside the confirming collect, so a key barges in', () => {
    const steps: IvrStep[] = [
      { type: 'until-readback', until: '2026-03-03T18:30:00.000Z', day: 'today', timeZone: 'UTC' },
      { type: 'prompt', role: 'until-time-confirm' },
      { type: 'collect', purpose: 'until-time-confirm', maxDigits: 1, timeoutS: 5, finishOnKey: '' },
    ];

    expect(toChannelSteps(steps, settings, contents)).toEqual([
      {
        type: 'collect',
        purpose: 'until-time-confirm',
        maxDigits: 1,
        timeoutS: 5,
        finishOnKey: '',
        prompts: [
          { type: 'say', text: 'You will be online until 6:30 PM today.', ...HOUSE },
          { type: 'say', text: 'To confirm, press 1. To enter another time, press any other key.', ...HOUSE },
        ],
      },
    ]);
  });

  it('names the key in the built-in menu when the feature is on', () => {
    const on = timedPresenceSettings(
      timedPresenceParams({
        untilTime: true,
        untilTimeKey: '6',
        prompts: {
          ...(timedPresenceParams().prompts as object),
          'until-time': 'p-u',
          'until-time-confirm': 'p-c',
        },
      }),
    );

    expect(builtInText('preset-hours', on)).toContain(
      'press 9. To go online until a time of day, press 6. To go offline, press 0.',
    );
    expect(builtInText('preset-hours', settings)).not.toContain('time of day');
  });
});

describe(promptIdsFor.name, () => {
  it("asks for the steps' prompts and the Welcome prompt (for its voice), each once", () => {
    const steps: IvrStep[] = [
      { type: 'prompt', role: 'invalid-input' },
      { type: 'prompt', role: 'pin-entry' },
      { type: 'prompt', role: 'pin-wrong' },
      { type: 'prompt', role: 'welcome' },
    ];

    expect(promptIdsFor(steps, settings)).toEqual(['p-invalid-input', 'p-pin', 'p-welcome']);
  });
});

describe(expiryNoticeSteps.name, () => {
  it('pauses a second, then plays the Offline prompt', () => {
    const offline = new Map([['p-offline', tts('Your hours are up.')]]);

    expect(expiryNoticeSteps(settings, offline)).toEqual([
      { type: 'pause', seconds: 1 },
      { type: 'say', text: 'Your hours are up.', ...HOUSE },
    ]);
  });

  it('says the built-in notice when media could not deliver the prompt', () => {
    expect(expiryNoticeSteps(settings, new Map())).toEqual([
      { type: 'pause', seconds: 1 },
      { type: 'say', text: EXPIRY_NOTICE_TEXT },
    ]);
  });
});

describe(apologySteps.name, () => {
  it('apologises and hangs up', () => {
    expect(apologySteps()).toEqual([{ type: 'say', text: APOLOGY_TEXT }, { type: 'hangup' }]);
  });
});

describe(isLookupableCallerId.name, () => {
  it.each([
    ['+14158675309', true],
    ['+1 (415) 867-5309', true],
    ['4158675309', true],
    ['anonymous', false],
    ['client:alice', false],
    ['sip:+14158675309@pbx.example.com', false],
    ['', false],
    ['  ', false],
    ['+', false],
    [null, false],
    [undefined, false],
  ])('%p is worth a lookup: %p', (from, expected) => {
    expect(isLookupableCallerId(from)).toBe(expected);
  });
});
