import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { CloudEvent } from '@tp/contracts';

/**
 * Every message stored so far in `stream` under `filter` (a tenant's subjects, so parallel tests
 * and a running stack do not interfere), read with a throw-away ordered consumer.
 */
export async function readStream(
  nc: NatsConnection,
  stream: string,
  filter: string,
): Promise<{ subject: string; event: CloudEvent; msgId: string | undefined }[]> {
  const jsm = await jetstreamManager(nc);
  const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: filter });
  const info = await jsm.streams.info(stream, { subjects_filter: filter });
  const expected = Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  const out: { subject: string; event: CloudEvent; msgId: string | undefined }[] = [];
  if (expected === 0) return out;
  const messages = await consumer.consume();
  for await (const msg of messages) {
    out.push({ subject: msg.subject, event: msg.json<CloudEvent>(), msgId: msg.headers?.get('Nats-Msg-Id') });
    if (out.length >= expected) break;
  }
  await messages.close();
  return out;
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'a condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
