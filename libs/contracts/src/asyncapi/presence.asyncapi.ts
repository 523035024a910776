import { z } from 'zod';
import { PRESENCE_EVENTS_V1 } from '../presence/presence.events.v1';
import { eventStreamName } from '../subjects';

const PLACEHOLDER = 'tenant-id-placeholder';
const camel = (s: string) => s.replace(/-(.)/g, (_, c: string) => c.toUpperCase());

/**
 * The AsyncAPI 3 document of the presence events, built from the zod schemas of this lib: the
 * committed `docs/asyncapi/presence.asyncapi.json` must equal it (checked by a unit test in CI;
 * `npm run asyncapi` rewrites it).
 */
export function presenceAsyncApi(): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const event of PRESENCE_EVENTS_V1) {
    const address = event.subjectFor(PLACEHOLDER).replace(PLACEHOLDER, '{tenantId}');
    const noun = address.split('.')[3];
    const name = camel(noun);
    messages[name] = {
      name,
      title: noun,
      summary: event.description,
      contentType: 'application/json',
      headers: {
        type: 'object',
        properties: {
          'Nats-Msg-Id': {
            type: 'string',
            description: 'The CloudEvents id; JetStream drops a republished event.',
          },
        },
      },
      payload: z.toJSONSchema(event.envelopeSchema, { target: 'draft-7' }),
    };
    channels[name] = {
      address,
      title: `${noun} v${event.version}`,
      description: `${event.description} Stored in the JetStream stream ${eventStreamName('presence')}.`,
      parameters: {
        tenantId: { description: 'The tenant: subscribe to presence.evt.<tenant>.> for all of its events.' },
      },
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
    };
    operations[`receive${name[0].toUpperCase()}${name.slice(1)}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${name}` },
      summary: `A tenant's service receives ${noun} events.`,
      messages: [{ $ref: `#/channels/${name}/messages/${name}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Timed Presence: presence events',
      version: '1.0.0',
      description: [
        'Presence changes of agents, as CloudEvents 1.0 (structured JSON) on NATS JetStream.',
        `Every event is stored in the stream ${eventStreamName('presence')} (subjects presence.evt.>), published exactly once`,
        'through a transactional outbox (Nats-Msg-Id = CloudEvents id). Consumers should be durable, ack after success,',
        'and drop an event whose data.sequence is not above the last one applied for that agent.',
        'The current presence of every agent is also in the JetStream KV bucket "presence", key <tenant>.<agent>.',
      ].join(' '),
    },
    defaultContentType: 'application/json',
    servers: {
      local: { host: '127.0.0.1:4222', protocol: 'nats', description: 'NATS with JetStream on a laptop.' },
    },
    channels,
    operations,
    components: { messages },
  };
}
