import type { ChannelStep, PromptContentV1, SpeechStep } from '@tp/contracts';
import {
  formatOnlineUntil,
  formatTimeOfDay,
  type IvrStep,
  type PromptRole,
  type StatusStep,
  type UntilReadbackStep,
} from '@tp/timed-presence-domain';
import { REQUIRED_PROMPT_ROLES, type TimedPresenceSettings } from './timed-presence-activity';

/** The content of the tenant's prompts by id, as media answered (ids it did not answer are absent). */
export type PromptContents = ReadonlyMap<string, PromptContentV1>;

/** What a caller hears when a service behind the call fails: the call then ends, nothing changed. */
export const APOLOGY_TEXT =
  'We are sorry, something went wrong on our side and nothing was changed. Please call again in a few minutes. Goodbye.';

/** What an agent hears at expiry when the Offline prompt cannot be had. */
export const EXPIRY_NOTICE_TEXT = 'Your time online has ended. You are now offline. Goodbye.';

const hours = (n: number) => `${n} ${n === 1 ? 'hour' : 'hours'}`;
const minutes = (n: number) => `${n} ${n === 1 ? 'minute' : 'minutes'}`;

/**
 * The built-in English wording of a role, for the roles an activity leaves without a prompt (PIN and
 * giving up) and for any prompt media cannot deliver. The preset menu names the activity's own hours.
 */
export function builtInText(role: PromptRole, settings: TimedPresenceSettings): string {
  switch (role) {
    case 'welcome':
      return 'Welcome to timed presence.';
    case 'resource-lookup-error':
      return 'Sorry, the number you are calling from does not belong to any user. Goodbye.';
    case 'preset-hours':
      return [
        ...settings.presetHours.map((h, i) => `To go online for ${hours(h)}, press ${i + 1}.`),
        'To enter a custom number of hours, press 9.',
        ...(settings.untilTime ? [`To go online until a time of day, press ${settings.untilTimeKey}.`] : []),
        ...(settings.break === null
          ? []
          : [`To take a break of ${minutes(settings.break.minutes)}, press ${settings.break.key}.`]),
        'To go offline, press 0.',
      ].join(' ');
    case 'custom-hours':
      return (
        `Please enter the number of hours that you want to go online for, up to ${settings.maxHours}, ` +
        'using up to two digits, then press the pound key. Press 0 if you want to go offline.'
      );
    case 'invalid-input':
      return 'Sorry, that is not a valid choice. Please try again.';
    case 'online':
      return 'You are now online and can receive calls. Goodbye.';
    case 'offline':
      return 'You are now offline. Goodbye.';
    case 'pin-entry':
      return 'Please enter your PIN, then press the pound key.';
    case 'pin-wrong':
      return 'That PIN is not correct. Please try again.';
    case 'pin-locked':
      return 'Your PIN is locked after too many wrong attempts. Please try again later. Goodbye.';
    case 'pin-not-set':
      return 'Signing in needs a PIN, and you have none yet. Please ask your administrator to set one. Goodbye.';
    case 'too-many-attempts':
      return 'Sorry, we could not understand your choice. Please call again. Goodbye.';
    case 'break-started':
      return settings.break === null
        ? 'Your break has started. You will be back online when it ends. Goodbye.'
        : `Your break of ${minutes(settings.break.minutes)} has started. You will be back online when it ends, without calling. Goodbye.`;
    case 'break-not-online':
      return 'You can take a break only while you are online.';
    case 'until-time':
      return (
        'Please enter the time until which you want to be online, as four digits on the 24-hour clock: ' +
        'for half past six in the evening, 1 8 3 0.'
      );
    case 'until-time-confirm':
      return 'To confirm, press 1. To enter another time, press any other key.';
  }
}

/** The readback of a current presence, in the agent's time zone. */
export function statusText(step: StatusStep): string {
  const until = formatOnlineUntil(new Date(step.expiresAt), step.timeZone);
  if (step.state === 'busy') return `You are on a call; you are online until ${until}.`;
  if (step.state === 'on-break') return `You are on a break; you are online until ${until}.`;
  return `You are online until ${until}.`;
}

/** The read-back of the end an agent entered, in their time zone: "You will be online until 6:30 PM tomorrow." */
export function untilReadbackText(step: UntilReadbackStep): string {
  return `You will be online until ${formatTimeOfDay(new Date(step.until), step.timeZone)} ${step.day}.`;
}

/**
 * The prompt ids to ask media for to render these steps: each role's configured prompt, and the
 * Welcome prompt, whose voice the built-in wording borrows.
 */
export function promptIdsFor(steps: readonly IvrStep[], settings: TimedPresenceSettings): string[] {
  const roles = steps.flatMap((s) => (s.type === 'prompt' ? [s.role] : []));
  const ids = [...roles, 'welcome' as const].flatMap((role) => {
    const id = settings.prompts[role];
    return id === undefined ? [] : [id];
  });
  return [...new Set(ids)];
}

/**
 * Turns the IVR's steps into channel steps: a prompt becomes `say` (text, voice, language) or `play`
 * (url) from the tenant's prompt, or the built-in wording when the role has no prompt or media did
 * not deliver it; a status readback becomes `say`; the speech right before a `collect` moves inside
 * it, so that a key press interrupts it (barge-in); `hangup` stays.
 */
export function toChannelSteps(
  steps: readonly IvrStep[],
  settings: TimedPresenceSettings,
  contents: PromptContents,
): ChannelStep[] {
  const voice = houseVoice(settings, contents);
  const out: ChannelStep[] = [];
  let speech: SpeechStep[] = [];
  for (const step of steps) {
    switch (step.type) {
      case 'prompt':
        speech.push(speechOf(step.role, settings, contents, voice));
        break;
      case 'status':
        speech.push({ type: 'say', text: statusText(step), ...voice });
        break;
      case 'until-readback':
        speech.push({ type: 'say', text: untilReadbackText(step), ...voice });
        break;
      case 'collect':
        out.push({
          type: 'collect',
          purpose: step.purpose,
          maxDigits: step.maxDigits,
          timeoutS: step.timeoutS,
          finishOnKey: step.finishOnKey,
          prompts: speech,
        });
        speech = [];
        break;
      case 'hangup':
        out.push(...speech, { type: 'hangup' });
        speech = [];
        break;
    }
  }
  out.push(...speech);
  return out;
}

/** What to play to an agent whose hours ran out: a breath for the phone to reach the ear, then the Offline prompt. */
export function expiryNoticeSteps(settings: TimedPresenceSettings, contents: PromptContents): SpeechStep[] {
  const id = settings.prompts.offline;
  const content = id === undefined ? undefined : contents.get(id);
  const voice = houseVoice(settings, contents);
  return [
    { type: 'pause', seconds: 1 },
    content === undefined ? { type: 'say', text: EXPIRY_NOTICE_TEXT, ...voice } : fromContent(content),
  ];
}

/** The polite end of a call a dependency failed: nothing is claimed, the call ends. */
export function apologySteps(): ChannelStep[] {
  return [{ type: 'say', text: APOLOGY_TEXT }, { type: 'hangup' }];
}

type Voice = { voice?: string; language?: string };

function speechOf(
  role: PromptRole,
  settings: TimedPresenceSettings,
  contents: PromptContents,
  voice: Voice,
): SpeechStep {
  const id = settings.prompts[role];
  const content = id === undefined ? undefined : contents.get(id);
  return content === undefined
    ? { type: 'say', text: builtInText(role, settings), ...voice }
    : fromContent(content);
}

function fromContent(content: PromptContentV1): SpeechStep {
  return content.kind === 'tts'
    ? { type: 'say', text: content.text, voice: content.voice, language: content.language }
    : { type: 'play', url: content.url };
}

/**
 * The voice the built-in (English) wording speaks with: that of the activity's first English
 * text-to-speech prompt (Welcome first), so a call does not switch voices; otherwise the renderer's.
 */
function houseVoice(settings: TimedPresenceSettings, contents: PromptContents): Voice {
  for (const role of REQUIRED_PROMPT_ROLES) {
    const id = settings.prompts[role];
    const content = id === undefined ? undefined : contents.get(id);
    if (content?.kind === 'tts' && /^en(-|$)/i.test(content.language))
      return { voice: content.voice, language: content.language };
  }
  return {};
}
