import { randomUUID } from 'node:crypto';
import {
  makeCloudEvent,
  UserCreatedV1,
  UserExtensionsChangedV1,
  UserSkillsChangedV1,
  UserStatusChangedV1,
  UserUpdatedV1,
  type CloudEvent,
} from '@tp/contracts';
import type { IdentityEvent, TimeZone } from '@tp/identity-domain';
import type { OutboxEntry } from '@tp/platform';

export const IDENTITY_EVENT_SOURCE = 'timed-presence/identity';

/**
 * A domain event as the integration event other services read (CloudEvents, contract v1), with its
 * subject. The time zone travels as the one in effect: consumers do not know the tenant default.
 */
export function identityOutboxEntry(event: IdentityEvent, defaultTimeZone: TimeZone): OutboxEntry {
  const fields = {
    id: randomUUID(),
    source: IDENTITY_EVENT_SOURCE,
    time: event.occurredAt,
    subject: event.userId,
  };
  const base = {
    tenantId: event.tenantId,
    userId: event.userId,
    version: event.version,
    occurredAt: event.occurredAt,
  };
  const zone = (own: string | null) => own ?? defaultTimeZone.name;
  let envelope: CloudEvent;
  let subject: string;
  switch (event.type) {
    case 'user-created':
      subject = UserCreatedV1.subjectFor(event.tenantId);
      envelope = makeCloudEvent(UserCreatedV1, {
        ...fields,
        data: {
          ...base,
          name: event.name,
          email: event.email,
          timeZone: zone(event.timeZone),
          status: event.status,
          hasPin: event.hasPin,
          skills: [...event.skills],
          extensions: [...event.extensions],
        },
      });
      break;
    case 'user-updated':
      subject = UserUpdatedV1.subjectFor(event.tenantId);
      envelope = makeCloudEvent(UserUpdatedV1, {
        ...fields,
        data: {
          ...base,
          changed: [...event.changed],
          name: event.name,
          email: event.email,
          timeZone: zone(event.timeZone),
          hasPin: event.hasPin,
        },
      });
      break;
    case 'user-skills-changed':
      subject = UserSkillsChangedV1.subjectFor(event.tenantId);
      envelope = makeCloudEvent(UserSkillsChangedV1, {
        ...fields,
        data: { ...base, skills: [...event.skills] },
      });
      break;
    case 'user-extensions-changed':
      subject = UserExtensionsChangedV1.subjectFor(event.tenantId);
      envelope = makeCloudEvent(UserExtensionsChangedV1, {
        ...fields,
        data: { ...base, extensions: [...event.extensions] },
      });
      break;
    case 'user-status-changed':
      subject = UserStatusChangedV1.subjectFor(event.tenantId);
      envelope = makeCloudEvent(UserStatusChangedV1, { ...fields, data: { ...base, status: event.status } });
      break;
  }
  return { subject, tenantId: event.tenantId, event: envelope };
}
