import { randomUUID } from 'node:crypto';
import {
  makeCloudEvent,
  PromptChangedV1,
  PromptCreatedV1,
  PromptDeletedV1,
  type CloudEvent,
} from '@tp/contracts';
import type { PromptEvent } from '@tp/media-domain';
import type { OutboxEntry } from '@tp/platform';

/** The CloudEvents `source` of every media event. */
export const MEDIA_EVENT_SOURCE = 'timed-presence/media';

/** Turns a recorded prompt event into its versioned integration event, ready for the outbox. */
export function toOutboxEntry(event: PromptEvent, newId: () => string = randomUUID): OutboxEntry {
  const base = {
    tenantId: event.tenantId,
    promptId: event.promptId,
    version: event.version,
    occurredAt: event.occurredAt,
  };
  const envelope = {
    id: newId(),
    source: MEDIA_EVENT_SOURCE,
    time: event.occurredAt,
    subject: event.promptId,
  };
  let cloudEvent: CloudEvent;
  let subject: string;
  switch (event.type) {
    case 'prompt-created':
      cloudEvent = makeCloudEvent(PromptCreatedV1, { ...envelope, data: { ...base, prompt: event.prompt } });
      subject = PromptCreatedV1.subjectFor(event.tenantId);
      break;
    case 'prompt-changed':
      cloudEvent = makeCloudEvent(PromptChangedV1, {
        ...envelope,
        data: { ...base, changed: [...event.changed], prompt: event.prompt },
      });
      subject = PromptChangedV1.subjectFor(event.tenantId);
      break;
    case 'prompt-deleted':
      cloudEvent = makeCloudEvent(PromptDeletedV1, { ...envelope, data: { ...base, name: event.name } });
      subject = PromptDeletedV1.subjectFor(event.tenantId);
      break;
  }
  return { subject, tenantId: event.tenantId, event: cloudEvent };
}
