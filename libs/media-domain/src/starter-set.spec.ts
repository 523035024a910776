import { Prompt, UNTIL_TIME_PROMPT_ROLES, VENDOR_PROMPT_ROLES, starterPromptSet } from './index';

const now = new Date('2026-01-15T09:00:00.000Z');

describe(starterPromptSet.name, () => {
  it("has one prompt per role of the vendor page, in the page's order, then the until-a-time pair and the break's two", () => {
    expect(starterPromptSet().map((p) => p.role)).toEqual([
      ...VENDOR_PROMPT_ROLES,
      ...UNTIL_TIME_PROMPT_ROLES,
      'break-started',
      'break-not-online',
    ]);
  });

  it('words the preset menu as the vendor example: 8, 24, 48 and 72 hours, 9 for custom, 0 for offline', () => {
    const menu = starterPromptSet().find((p) => p.role === 'preset-hours');

    expect(menu?.content.text).toBe(
      'To go online for 8 hours, press 1. To go online for 24 hours, press 2. ' +
        'To go online for 48 hours, press 3. To go online for 72 hours, press 4. ' +
        'To enter a custom number of hours that you want to go online for, press 9. To go offline, press 0.',
    );
  });

  it('words the custom hours entry as the vendor example', () => {
    const custom = starterPromptSet().find((p) => p.role === 'custom-hours');

    expect(custom?.content.text).toBe(
      'Please enter the number of hours that you want to go online for, using up to two digits. ' +
        'Press 0 if you want to go offline.',
    );
  });

  it.each([
    ['welcome', /welcome.*timed presence/i],
    ['resource-lookup-error', /not set up.*administrator/i],
    ['invalid-input', /not a valid choice.*try again/i],
    ['online', /online and available for inbound calls/i],
    ['offline', /now offline/i],
    ['break-started', /break has started.*online again/i],
    ['break-not-online', /only while you are online/i],
    ['until-time', /four digits on the 24-hour clock/i],
    ['until-time-confirm', /to confirm, press 1.*another time/i],
  ] as const)('says what the vendor page describes for %s', (role, wording) => {
    expect(starterPromptSet().find((p) => p.role === role)?.content.text).toMatch(wording);
  });

  it('speaks US English with Polly.Joanna unless told otherwise', () => {
    const defaults = starterPromptSet();
    const british = starterPromptSet({ voice: 'Polly.Amy', language: 'en-GB' });

    expect(new Set(defaults.map((p) => `${p.content.voice}/${p.content.language}`))).toEqual(
      new Set(['Polly.Joanna/en-US']),
    );
    expect(new Set(british.map((p) => `${p.content.voice}/${p.content.language}`))).toEqual(
      new Set(['Polly.Amy/en-GB']),
    );
  });

  it('makes prompts that pass every rule, with distinct names', () => {
    const prompts = starterPromptSet().map((p, i) =>
      Prompt.create({ id: `p-${i}`, tenantId: 'acme', ...p }, now),
    );

    expect(new Set(prompts.map((p) => p.nameKey)).size).toBe(11);
  });
});
