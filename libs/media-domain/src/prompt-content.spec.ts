import {
  AudioUrlInvalid,
  LanguageInvalid,
  PromptNameInvalid,
  TtsTextInvalid,
  VoiceInvalid,
  parseAudioUrl,
  parseLanguage,
  parsePromptContent,
  parsePromptName,
  parseTtsText,
  parseVoice,
  promptNameKey,
  sameContent,
} from './index';

describe('prompt names', () => {
  it.each([
    ['Welcome', 'Welcome'],
    ['  Main menu  ', 'Main menu'],
    ['Bienvenue à bord', 'Bienvenue à bord'],
    ['x'.repeat(100), 'x'.repeat(100)],
    ['😀'.repeat(100), '😀'.repeat(100)],
  ])('accepts %p as %p', (raw, name) => {
    expect(parsePromptName(raw)).toBe(name);
  });

  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['x'.repeat(101), 'is longer than 100 characters'],
    ['line\nbreak', 'contains control characters'],
    ['tab\there', 'contains control characters'],
    ['del\u007f', 'contains control characters'],
  ])('refuses %p: %s', (raw, reason) => {
    expect(() => parsePromptName(raw)).toThrow(PromptNameInvalid);
    expect(() => parsePromptName(raw)).toThrow(reason);
  });

  it('names the field that was rejected', () => {
    expect(() => parsePromptName('')).toThrow(
      expect.objectContaining({ code: 'MEDIA.NAME_INVALID', details: { field: 'name', reason: 'is empty' } }),
    );
  });

  it.each([
    ['Welcome', 'welcome'],
    ['  WELCOME ', 'welcome'],
    ['Cafe\u0301', 'café'],
  ])('makes %p unique as %p', (name, key) => {
    expect(promptNameKey(name)).toBe(key);
  });
});

describe('text to speak', () => {
  it.each([
    ['Hello.', 'Hello.'],
    [' Hello. ', ' Hello. '],
    ['x'.repeat(4096), 'x'.repeat(4096)],
    ['é'.repeat(4096), 'é'.repeat(4096)],
  ])('keeps %p as written', (text, kept) => {
    expect(parseTtsText(text)).toBe(kept);
  });

  it.each([
    ['', 'is empty'],
    [' \n ', 'is empty'],
    ['x'.repeat(4097), 'is longer than 4096 characters'],
  ])('refuses %p: %s', (text, reason) => {
    expect(() => parseTtsText(text)).toThrow(TtsTextInvalid);
    expect(() => parseTtsText(text)).toThrow(reason);
  });
});

describe('voices', () => {
  it.each([
    'alice',
    'man',
    'woman',
    'Polly.Joanna',
    'Polly.Joanna-Neural',
    'Polly.Amy-Generative',
    'Google.en-US-Standard-C',
    'Google.en-US-Chirp3-HD-Aoede',
  ])('accepts %p', (voice) => {
    expect(parseVoice(voice)).toBe(voice);
  });

  it.each([
    '',
    'a',
    'Alice',
    'Polly.',
    '.Joanna',
    'Polly Joanna',
    'polly.joanna',
    'Polly.Joanna;rm',
    'x'.repeat(33),
  ])('refuses %p', (voice) => {
    expect(() => parseVoice(voice)).toThrow(VoiceInvalid);
  });
});

describe('languages', () => {
  it.each([
    ['en-US', 'en-US'],
    ['en-us', 'en-US'],
    ['EN', 'en'],
    ['fr-CA', 'fr-CA'],
    ['zh-hant-tw', 'zh-Hant-TW'],
    ['es-419', 'es-419'],
  ])('accepts %p as %p', (language, canonical) => {
    expect(parseLanguage(language)).toBe(canonical);
  });

  it.each(['', 'en_US', 'english', 'en-', 'x-klingon', '123', 'und', 'und-US', `en-${'a'.repeat(40)}`])(
    'refuses %p',
    (language) => {
      expect(() => parseLanguage(language)).toThrow(LanguageInvalid);
    },
  );
});

describe('audio URLs', () => {
  it.each([
    ['https://cdn.example.com/prompts/welcome.mp3', 'https://cdn.example.com/prompts/welcome.mp3'],
    ['HTTPS://CDN.Example.com/a.wav', 'https://cdn.example.com/a.wav'],
    ['https://example.com', 'https://example.com/'],
    ['https://example.com/a.mp3?sig=abc&exp=1', 'https://example.com/a.mp3?sig=abc&exp=1'],
  ])('accepts %p as %p', (url, normal) => {
    expect(parseAudioUrl(url)).toBe(normal);
  });

  it.each([
    ['http://example.com/a.mp3', 'must be an https:// URL'],
    ['ftp://example.com/a.mp3', 'must be an https:// URL'],
    ['/prompts/a.mp3', 'must be an https:// URL'],
    ['https:example.com/a.mp3', 'must be an https:// URL'],
    ['https://', 'is not an absolute URL'],
    ['https://user:secret@example.com/a.mp3', 'must not carry a user name or password'],
    ['https://example.com/a b.mp3', 'contains white space'],
    [`https://example.com/${'a'.repeat(2048)}`, 'is longer than 2048 characters'],
  ])('refuses %p: %s', (url, reason) => {
    expect(() => parseAudioUrl(url)).toThrow(AudioUrlInvalid);
    expect(() => parseAudioUrl(url)).toThrow(reason);
  });

  it('does not echo a refused URL, which may carry secrets', () => {
    expect(() => parseAudioUrl('https://user:secret@example.com/a.mp3')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret') }),
    );
  });
});

describe('prompt content', () => {
  it('normalises text-to-speech content', () => {
    expect(parsePromptContent({ kind: 'tts', text: 'Hi', voice: 'alice', language: 'en-gb' })).toEqual({
      kind: 'tts',
      text: 'Hi',
      voice: 'alice',
      language: 'en-GB',
    });
  });

  it('normalises audio content', () => {
    expect(parsePromptContent({ kind: 'audio', url: 'HTTPS://example.com/a.mp3' })).toEqual({
      kind: 'audio',
      url: 'https://example.com/a.mp3',
    });
  });

  it.each([
    [{ kind: 'tts', text: '', voice: 'alice', language: 'en-US' }, 'content.text'],
    [{ kind: 'tts', text: 'Hi', voice: '!', language: 'en-US' }, 'content.voice'],
    [{ kind: 'tts', text: 'Hi', voice: 'alice', language: 'xx_YY' }, 'content.language'],
    [{ kind: 'audio', url: 'http://example.com' }, 'content.url'],
  ] as const)('names the bad field of %p', (content, field) => {
    expect(() => parsePromptContent(content)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ field }) }),
    );
  });

  it.each([
    [
      { kind: 'tts', text: 'a', voice: 'alice', language: 'en' },
      { kind: 'tts', text: 'a', voice: 'alice', language: 'en' },
      true,
    ],
    [
      { kind: 'tts', text: 'a', voice: 'alice', language: 'en' },
      { kind: 'tts', text: 'b', voice: 'alice', language: 'en' },
      false,
    ],
    [
      { kind: 'tts', text: 'a', voice: 'alice', language: 'en' },
      { kind: 'tts', text: 'a', voice: 'man', language: 'en' },
      false,
    ],
    [
      { kind: 'tts', text: 'a', voice: 'alice', language: 'en' },
      { kind: 'tts', text: 'a', voice: 'alice', language: 'fr' },
      false,
    ],
    [{ kind: 'audio', url: 'https://a/' }, { kind: 'audio', url: 'https://a/' }, true],
    [{ kind: 'audio', url: 'https://a/' }, { kind: 'audio', url: 'https://b/' }, false],
    [{ kind: 'audio', url: 'https://a/' }, { kind: 'tts', text: 'a', voice: 'alice', language: 'en' }, false],
  ] as const)('compares %p with %p: %p', (a, b, same) => {
    expect(sameContent(a, b)).toBe(same);
  });
});
