import { promptIdsByRole, timedPresenceParams } from '@tp/fakes';
import { PresetHours } from '@tp/timed-presence-domain';
import {
  ivrConfigOf,
  parseTimedPresenceParams,
  TIMED_PRESENCE_NODE,
  timedPresenceSettings,
} from './timed-presence-activity';

const problemsOf = (params: unknown) =>
  parseTimedPresenceParams(params, 'params').problems.map((p) => [p.code, p.field]);

describe('Timed Presence activity parameters', () => {
  it('applies the defaults: presets 8/24/48/72, 99 hours, 3 attempts, 5 s, caller ID, no expiry call', () => {
    const { settings } = parseTimedPresenceParams({ prompts: promptIdsByRole() });

    expect(settings).toEqual({
      prompts: promptIdsByRole(),
      presetHours: [8, 24, 48, 72],
      maxHours: 99,
      attempts: 3,
      collectTimeoutS: 5,
      callerVerification: 'caller-id',
      notifyOnExpiry: false,
      break: null,
      untilTime: false,
      untilTimeKey: '5',
    });
  });

  it('keeps what the admin chose, optional PIN prompts included', () => {
    const { settings } = parseTimedPresenceParams(
      timedPresenceParams({
        prompts: { ...promptIdsByRole(), 'pin-entry': 'p-pin', 'pin-wrong': null },
        presetHours: [1, 2, 4, 12],
        maxHours: 12,
        attempts: 5,
        collectTimeoutS: 10,
        callerVerification: 'pin-unless-attested',
        notifyOnExpiry: true,
      }),
    );

    expect(settings).toMatchObject({
      prompts: { ...promptIdsByRole(), 'pin-entry': 'p-pin' },
      presetHours: [1, 2, 4, 12],
      maxHours: 12,
      attempts: 5,
      collectTimeoutS: 10,
      callerVerification: 'pin-unless-attested',
      notifyOnExpiry: true,
    });
  });

  it.each<[string, unknown, string[][]]>([
    ['no parameters', undefined, [['FLOW.PARAMS_INVALID', 'params']]],
    ['parameters that are a list', [], [['FLOW.PARAMS_INVALID', 'params']]],
    ['no prompts', { presetHours: [8, 24, 48, 72] }, [['FLOW.PARAM_REQUIRED', 'params.prompts']]],
    [
      'a required prompt left out',
      timedPresenceParams({ prompts: { ...promptIdsByRole(), welcome: undefined } }),
      [['FLOW.PARAM_REQUIRED', 'params.prompts.welcome']],
    ],
    [
      'a prompt id that is no id',
      timedPresenceParams({ prompts: { ...promptIdsByRole(), online: 'not an id!' } }),
      [['FLOW.PARAM_INVALID', 'params.prompts.online']],
    ],
    [
      'a required prompt set to null',
      timedPresenceParams({ prompts: { ...promptIdsByRole(), offline: null } }),
      [['FLOW.PARAM_INVALID', 'params.prompts.offline']],
    ],
    [
      'a prompt role nobody knows',
      timedPresenceParams({ prompts: { ...promptIdsByRole(), goodbye: 'p-9' } }),
      [['FLOW.PARAM_UNKNOWN', 'params.prompts.goodbye']],
    ],
    [
      'a parameter nobody knows',
      timedPresenceParams({ maxHour: 12 }),
      [['FLOW.PARAM_UNKNOWN', 'params.maxHour']],
    ],
    [
      'three presets',
      timedPresenceParams({ presetHours: [8, 24, 48] }),
      [['FLOW.PARAM_INVALID', 'params.presetHours']],
    ],
    [
      'presets that are no list',
      timedPresenceParams({ presetHours: 8 }),
      [['FLOW.PARAM_INVALID', 'params.presetHours']],
    ],
    [
      'a preset that is no number',
      timedPresenceParams({ presetHours: [8, '24', 48, 72] }),
      [['FLOW.PARAM_INVALID', 'params.presetHours[1]']],
    ],
    [
      'a preset of 0 hours',
      timedPresenceParams({ presetHours: [0, 24, 48, 72] }),
      [['FLOW.PARAM_INVALID', 'params.presetHours[0]']],
    ],
    [
      'a preset of half an hour',
      timedPresenceParams({ presetHours: [8, 24, 48, 0.5] }),
      [['FLOW.PARAM_INVALID', 'params.presetHours[3]']],
    ],
    [
      'a preset above the maximum',
      timedPresenceParams({ maxHours: 24, presetHours: [8, 24, 48, 72] }),
      [['FLOW.PARAM_INVALID', 'params.presetHours[2]']],
    ],
    [
      'a maximum of 100 hours',
      timedPresenceParams({ maxHours: 100 }),
      [['FLOW.PARAM_INVALID', 'params.maxHours']],
    ],
    [
      'a maximum that is text',
      timedPresenceParams({ maxHours: '12' }),
      [['FLOW.PARAM_INVALID', 'params.maxHours']],
    ],
    ['0 attempts', timedPresenceParams({ attempts: 0 }), [['FLOW.PARAM_INVALID', 'params.attempts']]],
    ['11 attempts', timedPresenceParams({ attempts: 11 }), [['FLOW.PARAM_INVALID', 'params.attempts']]],
    [
      'a timeout of 61 s',
      timedPresenceParams({ collectTimeoutS: 61 }),
      [['FLOW.PARAM_INVALID', 'params.collectTimeoutS']],
    ],
    [
      'a timeout of 2.5 s',
      timedPresenceParams({ collectTimeoutS: 2.5 }),
      [['FLOW.PARAM_INVALID', 'params.collectTimeoutS']],
    ],
    [
      'a verification policy nobody knows',
      timedPresenceParams({ callerVerification: 'voiceprint' }),
      [['FLOW.PARAM_INVALID', 'params.callerVerification']],
    ],
    [
      'an expiry call that is not true or false',
      timedPresenceParams({ notifyOnExpiry: 'yes' }),
      [['FLOW.PARAM_INVALID', 'params.notifyOnExpiry']],
    ],
  ])('reports %s', (_case, params, expected) => {
    expect(problemsOf(params)).toEqual(expected);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ prompts: {}, attempts: 0, collectTimeoutS: 0 })).toEqual([
      ...[
        'welcome',
        'resource-lookup-error',
        'preset-hours',
        'custom-hours',
        'invalid-input',
        'online',
        'offline',
      ].map((role) => ['FLOW.PARAM_REQUIRED', `params.prompts.${role}`]),
      ['FLOW.PARAM_INVALID', 'params.attempts'],
      ['FLOW.PARAM_INVALID', 'params.collectTimeoutS'],
    ]);
  });

  it('gives the IVR its configuration', () => {
    const settings = timedPresenceSettings(
      timedPresenceParams({
        maxHours: 48,
        presetHours: [1, 8, 24, 48],
        attempts: 2,
        callerVerification: 'pin',
      }),
    );

    expect(ivrConfigOf(settings)).toEqual({
      presets: PresetHours.of([1, 8, 24, 48], 48),
      maxHours: 48,
      maxInvalidAttempts: 2,
      verification: 'pin',
      timeoutS: 5,
      break: null,
      untilTimeKey: null,
    });
  });

  it('offers "until a time of day" on its key only when it is on, and then needs its two prompts', () => {
    const prompts = { ...promptIdsByRole(), 'until-time': 'p-until', 'until-time-confirm': 'p-until-ok' };
    const on = timedPresenceSettings({ prompts, untilTime: true, untilTimeKey: '7' });

    expect(ivrConfigOf(on).untilTimeKey).toBe('7');
    expect(ivrConfigOf(timedPresenceSettings({ prompts, untilTimeKey: '7' })).untilTimeKey).toBeNull();
    expect(problemsOf({ prompts: promptIdsByRole(), untilTime: true })).toEqual([
      ['FLOW.PARAM_REQUIRED', 'params.prompts.until-time'],
      ['FLOW.PARAM_REQUIRED', 'params.prompts.until-time-confirm'],
    ]);
    expect(problemsOf({ prompts: promptIdsByRole(), untilTime: false })).toEqual([]);
    expect(problemsOf({ prompts, untilTime: 'yes', untilTimeKey: '9' })).toEqual([
      ['FLOW.PARAM_INVALID', 'params.untilTime'],
      ['FLOW.PARAM_INVALID', 'params.untilTimeKey'],
    ]);
    expect(problemsOf({ prompts, untilTimeKey: 5 })).toEqual([['FLOW.PARAM_INVALID', 'params.untilTimeKey']]);
  });

  it('refuses to hand out settings of parameters that do not parse', () => {
    expect(() => timedPresenceSettings({})).toThrow(
      expect.objectContaining({ code: 'FLOW.TIMED_PRESENCE_PARAMS_INVALID' }),
    );
  });

  it('names the prompts the node plays, ignoring what is no id', () => {
    expect(
      TIMED_PRESENCE_NODE.promptRefs({ prompts: { welcome: 'p-1', online: 7, 'pin-wrong': 'p-2' } }),
    ).toEqual([
      { field: 'prompts.welcome', promptId: 'p-1' },
      { field: 'prompts.pin-wrong', promptId: 'p-2' },
    ]);
    expect(TIMED_PRESENCE_NODE.promptRefs(undefined)).toEqual([]);
  });
});
