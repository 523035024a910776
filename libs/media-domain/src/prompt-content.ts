import {
  AudioUrlInvalid,
  LanguageInvalid,
  PromptNameInvalid,
  TtsTextInvalid,
  VoiceInvalid,
} from './media.errors';

/** What Twilio's `<Say>` speaks. */
export interface TtsContent {
  readonly kind: 'tts';
  readonly text: string;
  readonly voice: string;
  /** A canonical BCP-47 tag (`en-US`). */
  readonly language: string;
}

/** What Twilio's `<Play>` fetches and plays. */
export interface AudioContent {
  readonly kind: 'audio';
  readonly url: string;
}

export type PromptContent = TtsContent | AudioContent;

export const PROMPT_NAME_MAX_LENGTH = 100;
export const TTS_TEXT_MAX_LENGTH = 4096;
export const AUDIO_URL_MAX_LENGTH = 2048;
export const LANGUAGE_MAX_LENGTH = 35;

// Any C0/C1 control character, DEL included: invisible in lists, harmful in logs.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Voices as Twilio names them: a plain voice (`alice`, `man`, `woman`) or a provider's voice
 * (`Polly.Joanna`, `Polly.Joanna-Neural`, `Google.en-US-Standard-C`, `Google.en-US-Chirp3-HD-Aoede`).
 */
const VOICE = /^(?:[a-z]{2,32}|[A-Z][A-Za-z0-9]{1,31}\.[A-Za-z0-9][A-Za-z0-9_-]{0,95})$/;

/** Counts characters as people do (code points), not UTF-16 units. */
function length(value: string): number {
  return [...value].length;
}

/** A prompt name: trimmed, 1..100 characters, no control characters. Returns the trimmed name. */
export function parsePromptName(raw: string): string {
  const name = raw.trim();
  if (name === '') throw new PromptNameInvalid('is empty');
  if (length(name) > PROMPT_NAME_MAX_LENGTH)
    throw new PromptNameInvalid(`is longer than ${PROMPT_NAME_MAX_LENGTH} characters`);
  if (CONTROL.test(name)) throw new PromptNameInvalid('contains control characters');
  return name;
}

/** The key that makes names unique in a tenant: `Welcome` and ` welcome ` are the same name. */
export function promptNameKey(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}

/** Text to speak: 1..4096 characters, not only white space. Kept as written. */
export function parseTtsText(text: string): string {
  if (text.trim() === '') throw new TtsTextInvalid('is empty');
  if (length(text) > TTS_TEXT_MAX_LENGTH)
    throw new TtsTextInvalid(`is longer than ${TTS_TEXT_MAX_LENGTH} characters`);
  return text;
}

export function parseVoice(voice: string): string {
  if (!VOICE.test(voice)) {
    throw new VoiceInvalid(
      voice,
      'is not a voice name such as "alice", "Polly.Joanna" or "Google.en-US-Standard-C"',
    );
  }
  return voice;
}

/**
 * A BCP-47 language tag with a two- or three-letter language (not `und`), returned in canonical
 * form (`en-us` becomes `en-US`).
 */
export function parseLanguage(language: string): string {
  if (language === '' || length(language) > LANGUAGE_MAX_LENGTH)
    throw new LanguageInvalid(language, 'is not a BCP-47 language tag such as "en-US"');
  let canonical: string[];
  try {
    canonical = Intl.getCanonicalLocales(language);
  } catch {
    throw new LanguageInvalid(language, 'is not a BCP-47 language tag such as "en-US"');
  }
  const [first] = canonical;
  // BCP-47 also admits 5..8-letter language subtags, though none is registered: "english" is a slip.
  const primary = first?.split('-')[0] ?? '';
  if (first === undefined || !/^[a-z]{2,3}$/.test(primary) || primary === 'und')
    throw new LanguageInvalid(language, 'is not a BCP-47 language tag such as "en-US"');
  return first;
}

/**
 * The location of an audio file: an absolute `https://` URL with a host and no user name or
 * password (the URL is shown to admins and written to events). Returned in the WHATWG normal form
 * (`HTTPS://Example.com` becomes `https://example.com/`), which is what Twilio fetches.
 */
export function parseAudioUrl(url: string): string {
  if (length(url) > AUDIO_URL_MAX_LENGTH)
    throw new AudioUrlInvalid(`is longer than ${AUDIO_URL_MAX_LENGTH} characters`);
  if (!/^https:\/\//i.test(url)) throw new AudioUrlInvalid('must be an https:// URL');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AudioUrlInvalid('is not an absolute URL');
  }
  if (parsed.username !== '' || parsed.password !== '')
    throw new AudioUrlInvalid('must not carry a user name or password');
  if (/\s/.test(url)) throw new AudioUrlInvalid('contains white space');
  return parsed.href;
}

/** Checks and normalises content as given by an admin; throws the error of the first bad field. */
export function parsePromptContent(content: PromptContent): PromptContent {
  switch (content.kind) {
    case 'tts':
      return {
        kind: 'tts',
        text: parseTtsText(content.text),
        voice: parseVoice(content.voice),
        language: parseLanguage(content.language),
      };
    case 'audio':
      return { kind: 'audio', url: parseAudioUrl(content.url) };
  }
}

export function sameContent(a: PromptContent, b: PromptContent): boolean {
  if (a.kind === 'tts' && b.kind === 'tts')
    return a.text === b.text && a.voice === b.voice && a.language === b.language;
  if (a.kind === 'audio' && b.kind === 'audio') return a.url === b.url;
  return false;
}
