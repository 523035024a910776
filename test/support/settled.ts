/**
 * Conditions that say "nothing more is on its way", for tests that check something did NOT happen
 * (no second event, no second call). Waiting on them instead of a fixed pause is both faster and
 * sure: a change writes its event to the outbox in its own transaction, so once an app's outbox
 * holds no unsent row every event of every change made so far is on its stream; once a durable
 * consumer has nothing pending and nothing unacknowledged, every event it was given is handled.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { waitFor } from '@tp/stack-harness';
import type { Client } from 'pg';

/** Resolves once the app's outbox (`<schema>.outbox_message`) has published every event in it. */
export async function outboxRelayed(pg: Client, schema: string, timeoutMs = 10_000): Promise<void> {
  if (!/^[a-z_]+$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  await waitFor(
    async () =>
      (
        await pg.query<{ n: number }>(
          `select count(*)::int as n from ${schema}.outbox_message where sent_at is null`,
        )
      ).rows[0].n === 0,
    timeoutMs,
    `the ${schema} outbox to be relayed`,
  );
}

/** Resolves once a durable consumer has handled (acknowledged) everything its stream gave it. */
export async function consumerCaughtUp(
  nc: NatsConnection,
  stream: string,
  durable: string,
  timeoutMs = 10_000,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await waitFor(
    async () => {
      const info = await jsm.consumers.info(stream, durable);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    },
    timeoutMs,
    `the consumer ${durable} of ${stream} to catch up`,
  );
}
