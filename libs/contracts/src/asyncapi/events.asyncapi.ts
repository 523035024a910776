import { z } from 'zod';
import type { EventContract } from '../cloud-event';
import { eventStreamName, type BoundedContext } from '../subjects';

const PLACEHOLDER = 'tenant-id-placeholder';
const camel = (s: string) => s.replace(/-(.)/g, (_, c: string) => c.toUpperCase());

/** What one context's AsyncAPI document says besides its events. */
export interface AsyncApiSpec {
  context: BoundedContext;
  events: readonly (EventContract<unknown> & { readonly description: string })[];
  title: string;
  description: string;
}

/**
 * The AsyncAPI 3 document of one context's events, built from the zod schemas of this lib: the
 * committed `docs/asyncapi/<context>.asyncapi.json` must equal it (checked by a unit test in CI;
 * `npm run asyncapi` rewrites it).
 */
export function eventsAsyncApi(spec: AsyncApiSpec): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const event of spec.events) {
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
      description: `${event.description} Stored in the JetStream stream ${eventStreamName(spec.context)}.`,
      parameters: {
        tenantId: {
          description: `The tenant: subscribe to ${spec.context}.evt.<tenant>.> for all of its events.`,
        },
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
      title: spec.title,
      version: '1.0.0',
      description: spec.description,
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
