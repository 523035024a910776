import { PromptChangedV1, PromptCreatedV1, PromptDeletedV1 } from '@tp/contracts';
import { Prompt } from '@tp/media-domain';
import { aPrompt, FixedClock } from '@tp/fakes';
import { MEDIA_EVENT_SOURCE, toOutboxEntry } from './prompt-events.outbox';

describe(toOutboxEntry.name, () => {
  const clock = new FixedClock('2026-01-15T10:00:00.000Z');

  it('turns each recorded prompt event into its v1 CloudEvent on its tenant subject', () => {
    const prompt = aPrompt().withId('p-1').forTenant('acme').build();
    prompt.change({ role: 'welcome' }, clock.now());
    prompt.delete(clock.now());
    let ids = 0;

    const [changed, deleted] = prompt.pullEvents().map((e) => toOutboxEntry(e, () => `e-${(ids += 1)}`));

    expect(changed).toEqual({
      subject: 'media.evt.acme.prompt-changed.v1',
      tenantId: 'acme',
      event: PromptChangedV1.envelopeSchema.parse(changed.event),
    });
    expect(changed.event).toMatchObject({
      id: 'e-1',
      source: MEDIA_EVENT_SOURCE,
      subject: 'p-1',
      time: '2026-01-15T10:00:00.000Z',
      data: { tenantId: 'acme', promptId: 'p-1', version: 2, changed: ['role'], prompt: { role: 'welcome' } },
    });
    expect(deleted).toMatchObject({ subject: 'media.evt.acme.prompt-deleted.v1', event: { id: 'e-2' } });
    expect(PromptDeletedV1.envelopeSchema.parse(deleted.event).data).toEqual({
      tenantId: 'acme',
      promptId: 'p-1',
      name: 'Welcome',
      version: 3,
      occurredAt: '2026-01-15T10:00:00.000Z',
    });
  });

  it('carries the whole prompt in a creation', () => {
    const prompt = Prompt.create(
      {
        id: 'p-2',
        tenantId: 'acme',
        name: 'Jingle',
        content: { kind: 'audio', url: 'https://x.example/j.mp3' },
      },
      clock.now(),
    );

    const entry = toOutboxEntry(prompt.pullEvents()[0]);

    expect(entry.subject).toBe('media.evt.acme.prompt-created.v1');
    expect(entry.event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(PromptCreatedV1.envelopeSchema.parse(entry.event).data.prompt).toEqual(prompt.toData());
  });
});
