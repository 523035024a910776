import { AgentSessionClosedV1 } from '../presence/agent-session.events.v1';
import { PRESENCE_EVENTS_V1 } from '../presence/presence.events.v1';
import { eventStreamName } from '../subjects';
import { eventsAsyncApi } from './events.asyncapi';

/**
 * The AsyncAPI 3 document of the presence events: the committed
 * `docs/asyncapi/presence.asyncapi.json` must equal it (`npm run asyncapi` rewrites it).
 */
export function presenceAsyncApi(): Record<string, unknown> {
  return eventsAsyncApi({
    context: 'presence',
    events: [...PRESENCE_EVENTS_V1, AgentSessionClosedV1],
    title: 'Timed Presence: presence events',
    description: [
      'Presence changes of agents, as CloudEvents 1.0 (structured JSON) on NATS JetStream.',
      `Every event is stored in the stream ${eventStreamName('presence')} (subjects presence.evt.>), published exactly once`,
      'through a transactional outbox (Nats-Msg-Id = CloudEvents id). Consumers should be durable, ack after success,',
      'and drop an event whose data.sequence is not above the last one applied for that agent.',
      'agent-session-closed carries no sequence: it comes once per session (sessionId), after the session ended.',
      'The current presence of every agent is also in the JetStream KV bucket "presence", key <tenant>.<agent>.',
      'A timed break: agent-presence-changed with state on-break, reason break-started and breakEndsAt set (expiresAt',
      'keeps the original expiry); at its end agent-presence-changed with state online, reason break-ended and',
      'breakEndsAt null, or agent-went-offline with reason expired when the expiry passed during the break.',
    ].join(' '),
  });
}
