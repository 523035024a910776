import { fetchEventSource, type EventSourceMessage } from '@microsoft/fetch-event-source';
import { session } from '../../auth/session';

/** One agent's presence as presence's `GET /v1/presence/stream` sends it (ADR 22). */
export interface BoardPresence {
  agentId: string;
  state: 'offline' | 'online' | 'busy' | 'on-break';
  expiresAt: string | null;
  /** When the break ends; set exactly while on a break (absent from presence before the break existed). */
  breakEndsAt?: string | null;
  sequence: number;
  reason: string | null;
  changedAt: string | null;
}

export type FeedStatus = 'connecting' | 'live' | 'reconnecting';

export interface FeedHandlers {
  /** The whole tenant: replaces what the board had. */
  snapshot(agents: BoardPresence[]): void;
  /** One agent changed. */
  change(agent: BoardPresence): void;
  status(status: FeedStatus): void;
}

class Retry extends Error {}
class Fatal extends Error {}

/**
 * Follows the tenant's presence over server-sent events with the admin's bearer token (the browser's
 * EventSource cannot send one, so `@microsoft/fetch-event-source` reads the stream over fetch). After a
 * cut it reconnects with `Last-Event-ID`, so the server sends only what was missed (or a fresh
 * snapshot); a 401 puts the sign-in dialog up and stops. Returns a function that stops it.
 */
export function followPresence(handlers: FeedHandlers): () => void {
  const abort = new AbortController();
  let lastEventId: string | null = null;
  let failures = 0;

  const onmessage = (message: EventSourceMessage) => {
    if (message.id) lastEventId = message.id;
    if (message.event === 'snapshot') {
      handlers.snapshot((JSON.parse(message.data) as { agents: BoardPresence[] }).agents);
    } else if (message.event === 'presence') {
      handlers.change((JSON.parse(message.data) as { agent: BoardPresence }).agent);
    } else if (message.event === 'unavailable') {
      throw new Retry('the server could not follow presence');
    }
  };

  const run = async () => {
    for (;;) {
      try {
        handlers.status(lastEventId === null && failures === 0 ? 'connecting' : 'reconnecting');
        const token = session.token();
        await fetchEventSource(`${location.origin}/api/presence/v1/presence/stream`, {
          signal: abort.signal,
          openWhenHidden: true, // a supervisor's board in a background tab stays current
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(lastEventId !== null ? { 'last-event-id': lastEventId } : {}),
          },
          onopen: async (response) => {
            if (response.status === 401) {
              session.expire();
              throw new Fatal('signed out');
            }
            if (!response.ok || !response.headers.get('content-type')?.startsWith('text/event-stream'))
              throw new Retry(`HTTP ${response.status}`);
            failures = 0;
            handlers.status('live');
            return Promise.resolve();
          },
          onmessage,
          onclose: () => {
            throw new Retry('the server ended the stream');
          },
          onerror: (error) => {
            throw error; // our own loop decides (it keeps lastEventId and backs off)
          },
        });
        return; // aborted
      } catch (error) {
        if (abort.signal.aborted || error instanceof Fatal) return;
        failures += 1;
        handlers.status('reconnecting');
        const wait = Math.min(2_000, 250 * 2 ** Math.min(failures, 3)); // the server's `retry:` at most
        await new Promise((resolve) => setTimeout(resolve, wait));
        if (abort.signal.aborted) return;
      }
    }
  };
  void run();
  return () => abort.abort();
}
