import { PROMPT_ROLES } from '@tp/media-domain';
import {
  FindFlowsUsingPrompts,
  GetPrompts,
  MEDIA_EVENTS_V1,
  PROMPT_ROLES_V1,
  PromptChangedV1,
  PromptCreatedV1,
  PromptDeletedV1,
  PromptV1Schema,
  makeCloudEvent,
} from '../index';

const prompt = {
  id: '6f1c3a52-3f0e-4c59-9a55-0c2b1f7b9e10',
  tenantId: 'acme',
  name: 'Welcome',
  role: 'welcome',
  content: { kind: 'tts', text: 'Welcome.', voice: 'Polly.Joanna', language: 'en-US' },
  version: 1,
  createdAt: '2026-01-15T09:00:00.000Z',
  updatedAt: '2026-01-15T09:00:00.000Z',
} as const;

describe('media contracts v1', () => {
  it('names subjects and types by the naming rules', () => {
    expect(GetPrompts.subject).toBe('media.cmd.get-prompts');
    expect(FindFlowsUsingPrompts.subject).toBe('flow-runtime.cmd.find-flows-using-prompts');
    expect(MEDIA_EVENTS_V1.map((e) => [e.type, e.subjectFor('acme')])).toEqual([
      ['timedpresence.media.prompt-created.v1', 'media.evt.acme.prompt-created.v1'],
      ['timedpresence.media.prompt-changed.v1', 'media.evt.acme.prompt-changed.v1'],
      ['timedpresence.media.prompt-deleted.v1', 'media.evt.acme.prompt-deleted.v1'],
    ]);
  });

  it('tags prompts with the roles the media rules know', () => {
    expect([...PROMPT_ROLES_V1]).toEqual([...PROMPT_ROLES]);
  });

  it.each([
    ['an http audio URL', { ...prompt, content: { kind: 'audio', url: 'http://x.example/a.mp3' } }],
    ['an unknown role', { ...prompt, role: 'greeting' }],
    ['version 0', { ...prompt, version: 0 }],
    ['no content kind', { ...prompt, content: { url: 'https://x.example/a.mp3' } }],
  ])('refuses a prompt with %s', (_what, bad) => {
    expect(PromptV1Schema.safeParse(bad).success).toBe(false);
  });

  it.each([
    ['no ids', { tenantId: 'acme', ids: [] }, false],
    ['50 ids', { tenantId: 'acme', ids: Array.from({ length: 50 }, (_, i) => `p-${i}`) }, true],
    ['51 ids', { tenantId: 'acme', ids: Array.from({ length: 51 }, (_, i) => `p-${i}`) }, false],
    ['a tenant that is not a subject token', { tenantId: 'ACME', ids: ['p-1'] }, false],
  ])('checks a get-prompts request with %s', (_what, request, ok) => {
    expect(GetPrompts.request.safeParse(request).success).toBe(ok);
  });

  it('builds envelopes that each event contract accepts', () => {
    const envelope = {
      id: 'e-1',
      source: 'timed-presence/media',
      time: prompt.updatedAt,
      subject: prompt.id,
    };
    const base = { tenantId: 'acme', promptId: prompt.id, occurredAt: prompt.updatedAt };
    const created = makeCloudEvent(PromptCreatedV1, { ...envelope, data: { ...base, version: 1, prompt } });
    const changed = makeCloudEvent(PromptChangedV1, {
      ...envelope,
      data: { ...base, version: 2, changed: ['name'], prompt: { ...prompt, version: 2 } },
    });
    const deleted = makeCloudEvent(PromptDeletedV1, {
      ...envelope,
      data: { ...base, version: 3, name: 'Welcome' },
    });

    expect(PromptCreatedV1.envelopeSchema.parse(created)).toEqual(created);
    expect(PromptChangedV1.envelopeSchema.parse(changed)).toEqual(changed);
    expect(PromptDeletedV1.envelopeSchema.parse(deleted)).toEqual(deleted);
    expect(PromptChangedV1.envelopeSchema.safeParse(created).success).toBe(false);
    expect(() =>
      makeCloudEvent(PromptChangedV1, {
        ...envelope,
        data: { ...base, version: 2, changed: [], prompt },
      }),
    ).toThrow();
  });

  it('answers flows as id, name and published version', () => {
    expect(
      FindFlowsUsingPrompts.reply.safeParse({
        flows: [{ flowId: 'f-1', name: 'Timed Presence', version: 3 }],
      }).success,
    ).toBe(true);
    expect(
      FindFlowsUsingPrompts.reply.safeParse({ flows: [{ flowId: 'f-1', name: 'x', version: 0 }] }).success,
    ).toBe(false);
  });
});
