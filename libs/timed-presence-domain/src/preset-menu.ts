import type { Hours, PresetHours, PresetNumber } from './hours';

/** What one answer to the preset hours menu means. */
export type PresetMenuChoice =
  | { kind: 'preset'; preset: PresetNumber; hours: Hours }
  | { kind: 'custom' }
  | { kind: 'offline' }
  | { kind: 'invalid'; reason: 'no-input' | 'unknown-key' | 'too-many-keys' };

/** The key that leads to the custom hours entry. */
export const CUSTOM_HOURS_KEY = '9';
/** The key that takes the agent offline, in the preset menu and in the custom entry. */
export const OFFLINE_KEY = '0';

/**
 * Reads the keys pressed at the preset hours menu: 1 to 4 choose a preset, 9 asks for custom
 * hours, 0 goes offline. Silence (null or ''), any other key (5 to 8, *, #) or more than one key
 * is invalid.
 */
export function parsePresetMenuKey(keys: string | null, presets: PresetHours): PresetMenuChoice {
  if (keys === null || keys === '') return { kind: 'invalid', reason: 'no-input' };
  if (keys.length > 1) return { kind: 'invalid', reason: 'too-many-keys' };
  switch (keys) {
    case '1':
    case '2':
    case '3':
    case '4': {
      const preset = Number(keys) as PresetNumber;
      return { kind: 'preset', preset, hours: presets.at(preset) };
    }
    case CUSTOM_HOURS_KEY:
      return { kind: 'custom' };
    case OFFLINE_KEY:
      return { kind: 'offline' };
    default:
      return { kind: 'invalid', reason: 'unknown-key' };
  }
}
