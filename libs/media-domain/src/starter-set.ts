import type { TtsContent } from './prompt-content';
import { STARTER_PROMPT_ROLES, type StarterPromptRole } from './prompt-role';

/** One prompt of the starter set. */
export interface StarterPrompt {
  readonly role: StarterPromptRole;
  readonly name: string;
  readonly content: TtsContent;
}

export interface StarterSetOptions {
  /** Default `Polly.Joanna`. */
  readonly voice?: string;
  /** Default `en-US`; the wording is English. */
  readonly language?: string;
}

export const STARTER_VOICE = 'Polly.Joanna';
export const STARTER_LANGUAGE = 'en-US';
/** The preset hours the starter menu offers on keys 1 to 4, as on the vendor page. */
export const STARTER_PRESETS = [8, 24, 48, 72] as const;

/**
 * The seven prompts of the vendor's Timed Presence log-in IVR, and the two of "online until a time
 * of day" (a flow plays them only when it turns that on, on key 5 by default; its menu prompt then
 * needs a sentence for the key, which the tenant adds). The seven are worded as its examples (the preset
 * menu and the custom hours entry; the menu says "that you want to go online for" where the
 * page misses a word) and, where it only describes a prompt, in plain words that follow its
 * description. A tenant whose flow offers other presets (or a break) edits the menu's text. Then
 * the two prompts of the timed break (ADR 26), used by a flow that enables it. Pure: the caller
 * stores them.
 */
export function starterPromptSet(options: StarterSetOptions = {}): StarterPrompt[] {
  const voice = options.voice ?? STARTER_VOICE;
  const language = options.language ?? STARTER_LANGUAGE;
  const menu = STARTER_PRESETS.map((hours, i) => `To go online for ${hours} hours, press ${i + 1}.`).join(
    ' ',
  );
  const texts: Record<StarterPromptRole, [name: string, text: string]> = {
    welcome: [
      'Timed presence: welcome',
      'Welcome to the agent timed presence line. Here you can choose how many hours you will be online to receive calls on this phone.',
    ],
    'resource-lookup-error': [
      'Timed presence: resource lookup error',
      'Sorry, the number you are calling from is not set up as a phone extension of any user. Please ask your administrator to add it to your user profile, then call again. Goodbye.',
    ],
    'preset-hours': [
      'Timed presence: preset hours',
      `${menu} To enter a custom number of hours that you want to go online for, press 9. To go offline, press 0.`,
    ],
    'custom-hours': [
      'Timed presence: custom hours',
      'Please enter the number of hours that you want to go online for, using up to two digits. Press 0 if you want to go offline.',
    ],
    'invalid-input': [
      'Timed presence: invalid input',
      'Sorry, that is not a valid choice. Please try again.',
    ],
    online: [
      'Timed presence: online',
      'You are now online and available for inbound calls on this phone. Goodbye.',
    ],
    offline: [
      'Timed presence: offline',
      'You are now offline and will not receive calls on this phone. To go online again, call the timed presence line. Goodbye.',
    ],
    'break-started': [
      'Timed presence: break started',
      'Your break has started. You will not receive calls until it ends, and then you are online again without calling. Goodbye.',
    ],
    'break-not-online': [
      'Timed presence: break not online',
      'You can take a break only while you are online.',
    ],
    'until-time': [
      'Timed presence: until a time',
      'Please enter the time until which you want to be online, as four digits on the 24-hour clock. For example, for half past six in the evening, enter 1 8 3 0.',
    ],
    'until-time-confirm': [
      'Timed presence: confirm the time',
      'To confirm, press 1. To enter another time, press any other key.',
    ],
  };
  return STARTER_PROMPT_ROLES.map((role) => {
    const [name, text] = texts[role];
    return { role, name, content: { kind: 'tts', text, voice, language } };
  });
}
