import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface ServerSentEvent {
  event: string;
  id: string | undefined;
  data: string;
}

/** An open `text/event-stream` response, read as it arrives: what came so far, and a way to leave. */
export interface EventStreamReader {
  readonly status: number;
  readonly contentType: string | null;
  /** Every message so far, in order. */
  readonly messages: ServerSentEvent[];
  /** Every comment line so far (heartbeats). */
  readonly comments: string[];
  /** The body as text, when the answer was not an event stream (an error). */
  readonly text: string;
  /** Resolves when the response ends, by the server or by close(). */
  readonly ended: Promise<void>;
  /** Aborts the request (the client goes away). */
  close(): void;
}

/** GETs an event stream with fetch and parses it (eventsource-parser), for tests and benchmarks. */
export async function openEventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStreamReader> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const messages: ServerSentEvent[] = [];
  const comments: string[] = [];
  const contentType = response.headers.get('content-type');
  let text = '';
  const parser = createParser({
    onEvent: (m: EventSourceMessage) =>
      messages.push({ event: m.event ?? 'message', id: m.id, data: m.data }),
    onComment: (c) => comments.push(c),
  });
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        const piece = decoder.decode(chunk, { stream: true });
        if (contentType === 'text/event-stream') parser.feed(piece);
        else text += piece;
      }
    } catch {
      // aborted, or the connection was cut: the stream simply ends
    }
  })();
  return {
    status: response.status,
    contentType,
    messages,
    comments,
    get text() {
      return text;
    },
    ended,
    close: () => abort.abort(),
  };
}
