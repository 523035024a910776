import type { Prompt } from '../../api/types';

export type PromptRole = NonNullable<Prompt['role']>;

/** The vendor page's names for the prompt roles (the seven of the starter set first). */
export const ROLE_LABELS: Record<PromptRole, string> = {
  welcome: 'Welcome Media',
  'resource-lookup-error': 'Resource Lookup Error Media',
  'preset-hours': 'Preset Hours Media',
  'custom-hours': 'Custom Hours Collect Digits Media',
  'invalid-input': 'Invalid Input Media',
  online: 'Online Media',
  offline: 'Offline Media',
  'pin-entry': 'PIN Entry Media',
  'pin-wrong': 'Wrong PIN Media',
  'pin-locked': 'PIN Locked Media',
  'pin-not-set': 'PIN Not Set Media',
  'too-many-attempts': 'Too Many Attempts Media',
  'until-time': 'Until a Time Media',
  'until-time-confirm': 'Confirm the Time Media',
  'break-started': 'Break Started Media',
  'break-not-online': 'Break Not Online Media',
};

export const ROLE_OPTIONS = Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }));
