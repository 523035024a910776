import { promptIdsByRole, timedPresenceParams } from '@tp/fakes';
import { ivrConfigOf, parseTimedPresenceParams, timedPresenceSettings } from './timed-presence-activity';

const breakPrompts = { 'break-started': 'p-break-started', 'break-not-online': 'p-break-not-online' };
const problemsOf = (params: unknown) =>
  parseTimedPresenceParams(params, 'params').problems.map((p) => [p.code, p.field]);

describe('Timed Presence activity parameters: the timed break', () => {
  it('is off by default, its key and length defaulting to 6 and 15 minutes once enabled', () => {
    expect(timedPresenceSettings(timedPresenceParams()).break).toBeNull();

    const enabled = timedPresenceSettings(
      timedPresenceParams({ prompts: { ...promptIdsByRole(), ...breakPrompts }, breakEnabled: true }),
    );

    expect(enabled.break).toEqual({ key: '6', minutes: 15 });
    expect(ivrConfigOf(enabled).break).toEqual({ key: '6', minutes: 15 });
  });

  it('keeps the key and minutes the admin chose', () => {
    const settings = timedPresenceSettings(
      timedPresenceParams({
        prompts: { ...promptIdsByRole(), ...breakPrompts },
        breakEnabled: true,
        breakKey: '8',
        breakMinutes: 120,
      }),
    );

    expect(settings.break).toEqual({ key: '8', minutes: 120 });
  });

  it('needs the break prompts only while the break is enabled', () => {
    expect(problemsOf(timedPresenceParams({ breakEnabled: false }))).toEqual([]);
    expect(problemsOf(timedPresenceParams({ breakEnabled: true }))).toEqual([
      ['FLOW.PARAM_REQUIRED', 'params.prompts.break-started'],
      ['FLOW.PARAM_REQUIRED', 'params.prompts.break-not-online'],
    ]);
  });

  it.each([
    [{ breakEnabled: 'yes' }, 'params.breakEnabled'],
    [{ breakKey: '1' }, 'params.breakKey'],
    [{ breakKey: '9' }, 'params.breakKey'],
    [{ breakKey: 6 }, 'params.breakKey'],
    [{ breakMinutes: 0 }, 'params.breakMinutes'],
    [{ breakMinutes: 121 }, 'params.breakMinutes'],
    [{ breakMinutes: 1.5 }, 'params.breakMinutes'],
  ])('refuses %j, naming the field', (change, field) => {
    expect(problemsOf(timedPresenceParams(change))).toEqual([['FLOW.PARAM_INVALID', field]]);
  });
});
