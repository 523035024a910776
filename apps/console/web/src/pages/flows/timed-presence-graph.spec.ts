import { describe, expect, it } from '@jest/globals';
import { DEFAULT_VALUES, timedPresenceParamsOf, valuesOf } from './timed-presence-graph';

describe('the Timed Presence form values', () => {
  const fallback = DEFAULT_VALUES({});

  it('leaves the break off by default, with key 6 and 15 minutes ready', () => {
    expect(timedPresenceParamsOf(fallback)).toMatchObject({
      breakEnabled: false,
      breakKey: '6',
      breakMinutes: 15,
    });
  });

  it("keeps a version's break through the form: editing a flow does not drop it", () => {
    const stored = {
      prompts: { welcome: 'p-1', 'break-started': 'p-8', 'break-not-online': 'p-9' },
      breakEnabled: true,
      breakKey: '7',
      breakMinutes: 30,
    };

    const params = timedPresenceParamsOf(valuesOf(stored, fallback));

    expect(params).toMatchObject({
      breakEnabled: true,
      breakKey: '7',
      breakMinutes: 30,
      prompts: { welcome: 'p-1', 'break-started': 'p-8', 'break-not-online': 'p-9' },
    });
  });

  it('sends an emptied minutes field as absent: the default (15) then', () => {
    expect(
      timedPresenceParamsOf({ ...fallback, breakEnabled: true, breakMinutes: '' }).breakMinutes,
    ).toBeUndefined();
  });
});
