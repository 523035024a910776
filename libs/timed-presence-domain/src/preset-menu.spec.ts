import {
  CUSTOM_HOURS_KEY,
  OFFLINE_KEY,
  PresetHours,
  parsePresetMenuKey,
  type PresetMenuChoice,
} from './index';

const presets = PresetHours.of([8, 24, 48, 72]);

function simplified(choice: PresetMenuChoice): unknown {
  return choice.kind === 'preset' ? { ...choice, hours: choice.hours.value } : choice;
}

describe(parsePresetMenuKey.name, () => {
  it.each<[string | null, unknown]>([
    ['1', { kind: 'preset', preset: 1, hours: 8 }],
    ['2', { kind: 'preset', preset: 2, hours: 24 }],
    ['3', { kind: 'preset', preset: 3, hours: 48 }],
    ['4', { kind: 'preset', preset: 4, hours: 72 }],
    ['9', { kind: 'custom' }],
    ['0', { kind: 'offline' }],
    [null, { kind: 'invalid', reason: 'no-input' }],
    ['', { kind: 'invalid', reason: 'no-input' }],
    ['5', { kind: 'invalid', reason: 'unknown-key' }],
    ['6', { kind: 'invalid', reason: 'unknown-key' }],
    ['7', { kind: 'invalid', reason: 'unknown-key' }],
    ['8', { kind: 'invalid', reason: 'unknown-key' }],
    ['*', { kind: 'invalid', reason: 'unknown-key' }],
    ['#', { kind: 'invalid', reason: 'unknown-key' }],
    ['a', { kind: 'invalid', reason: 'unknown-key' }],
    [' ', { kind: 'invalid', reason: 'unknown-key' }],
    ['12', { kind: 'invalid', reason: 'too-many-keys' }],
    ['1#', { kind: 'invalid', reason: 'too-many-keys' }],
    ['90', { kind: 'invalid', reason: 'too-many-keys' }],
  ])('reads the key %p as %j', (keys, expected) => {
    expect(simplified(parsePresetMenuKey(keys, presets))).toEqual(expected);
  });

  it("uses the vendor's keys: 9 for custom hours, 0 for offline", () => {
    expect(parsePresetMenuKey(CUSTOM_HOURS_KEY, presets)).toEqual({ kind: 'custom' });
    expect(parsePresetMenuKey(OFFLINE_KEY, presets)).toEqual({ kind: 'offline' });
    expect([CUSTOM_HOURS_KEY, OFFLINE_KEY]).toEqual(['9', '0']);
  });

  it("goes online for the tenant's own presets", () => {
    const choice = parsePresetMenuKey('2', PresetHours.of([1, 2, 3, 4], 4));

    expect(simplified(choice)).toEqual({ kind: 'preset', preset: 2, hours: 2 });
  });
});
