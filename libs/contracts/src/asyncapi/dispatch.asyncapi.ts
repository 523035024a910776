import { DISPATCH_EVENTS_V1 } from '../dispatch/dispatch.events.v1';
import { eventStreamName } from '../subjects';
import { eventsAsyncApi } from './events.asyncapi';

/**
 * The AsyncAPI 3 document of routing's events (dispatch): the committed
 * `docs/asyncapi/dispatch.asyncapi.json` must equal it (`npm run asyncapi` rewrites it).
 */
export function dispatchAsyncApi(): Record<string, unknown> {
  return eventsAsyncApi({
    context: 'dispatch',
    events: DISPATCH_EVENTS_V1,
    title: 'Timed Presence: routing events (dispatch)',
    description: [
      'Offers of waiting customer calls to agents and how each wait ended, as CloudEvents 1.0 (structured JSON) on',
      `NATS JetStream. Every event is stored in the stream ${eventStreamName('dispatch')} (subjects dispatch.evt.>),`,
      'published exactly once through a transactional outbox (Nats-Msg-Id = CloudEvents id); the CloudEvents subject is',
      "the caller's CallSid. Consumers should be durable, ack after success, and drop an event id they have applied.",
    ].join(' '),
  });
}
