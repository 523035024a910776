/**
 * Runs faults against the stack in its production shape under a steady load, and checks after
 * each what must hold (see consistency.ts), reporting one row per fault.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNats } from '@tp/platform';
import { TEST_POSTGRES_URL, waitFor } from '@tp/stack-harness';
import { CallSimulator } from '@tp/twilio-simulator';
import { Client } from 'pg';
import { seedTimedPresenceTenant } from '../../libs/stack-harness/src/seed-tenant';
import {
  checkConsistency,
  readKv,
  readPresenceEvents,
  readRows,
  settled,
  type Consistency,
  type Outage,
} from './consistency';
import type { WebhookAnswer } from './balancer';
import type { ChaosTarget, Fault } from './faults';
import { startLoad } from './load';
import { startNatsCluster } from './nats-cluster';
import { startPostgres } from './postgres-instance';
import { startReplicatedStack } from './replicated-stack';

/** Set by test/global-setup.js (as in test/support/stack.ts): the name of a database every app migrated. */
const MIGRATED_TEMPLATE_VARIABLE = 'TP_TEST_MIGRATED_TEMPLATE';

export interface FaultReport {
  fault: string;
  webhooks: number;
  apologies: number;
  nonTwiml: number;
  /** The first few answers that were not TwiML, as they were. */
  nonTwimlSamples: WebhookAnswer[];
  /** From the dependency's return to every replica the fault did not kill answering ready, ms. */
  readyAfterMs: number;
  /** From the fault's end to every replica it killed answering ready again (their start included), ms. */
  restartedReadyAfterMs: number | null;
  /** From the dependency's return to the end of the first call placed after it and served (menu, keys, confirmation), ms. */
  servedAfterMs: number;
  /** From the dependency's return to the presence stream and the KV bucket answering (at most 500 ms later), ms. */
  streamsAfterMs: number;
  /** From the fault's start to the dependency's return, ms. */
  outageMs: number;
  /** Replicas that answered ready to a probe made during an outage (should be none). */
  readyDuringOutage: string[];
  newEvents: number;
  consistency: Consistency;
  calls: number;
  served: number;
  loadErrors: string[];
}

export interface ChaosSuite {
  readonly target: ChaosTarget;
  readonly tenant: string;
  /**
   * Runs one fault under load, waits for the stack to settle, and checks. `atSecond`: the fault
   * starts when the clock's seconds read that (so that agents' expiries, on whole minutes, fall
   * inside it). `awaitRestarted: false` (the last fault of a short run): the checks do not wait
   * for the replicas the fault killed to be ready again.
   */
  run(fault: Fault, atSecond?: number, options?: { awaitRestarted?: boolean }): Promise<FaultReport>;
  /** Every JetStream stream of the cluster (the KV bucket's `KV_presence` too) and its number of replicas. */
  streamReplicas(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

const CONTACT = '+15550900100';
/** A probe made this long after a dependency went must say not ready. */
const OUTAGE_GRACE_MS = 1000;
/** The longest a probe can take (the readiness check's own limit on each dependency). */
const PROBE_MS = 1500;

export interface ChaosOptions {
  agents: number;
  concurrency: number;
  pauseMs: number;
  untilLeadMs?: number;
}

export async function startChaosSuite(options: ChaosOptions): Promise<ChaosSuite> {
  const t0 = Date.now();
  const pg = await startPostgres();
  const tPg = Date.now();
  const nats = await startNatsCluster(3).catch(async (e: unknown) => {
    await pg.destroy();
    throw e;
  });
  // In the e2e tier a database every app migrated is at hand (test/global-setup.js): copied, not migrated.
  const template = process.env[MIGRATED_TEMPLATE_VARIABLE];
  if (template) {
    const source = new URL(TEST_POSTGRES_URL);
    source.pathname = `/${template}`;
    await pg.copyFrom(source.toString());
  }
  const stack = await startReplicatedStack({
    databaseUrl: pg.url,
    natsUrl: nats.url,
    migrated: !!template,
  }).catch(async (e: unknown) => {
    await nats.stop();
    await pg.destroy();
    throw e;
  });
  const tStack = Date.now();
  const tenant = `chaos-${Date.now().toString(36)}`;
  const phones = Array.from({ length: options.agents }, (_, i) => `+1555091${String(i).padStart(4, '0')}`);
  let client: Client | null = null;
  let nc: NatsConnection | null = null;
  const outages: Outage[] = [];
  const close = async () => {
    await nc?.close().catch(() => undefined);
    await client?.end().catch(() => undefined);
    await stack.stop();
    await nats.stop();
    await pg.destroy();
  };
  try {
    await seedTimedPresenceTenant(stack.urls, {
      token: stack.token(tenant),
      platformToken: stack.platformToken(),
      contactPoint: CONTACT,
      untilTime: true,
      agents: phones.map((phone, i) => ({
        name: `Agent ${i}`,
        email: `a${i}@chaos.example`,
        phone,
        timeZone: 'UTC',
      })),
    });
    nc = await connectNats(nats.url, 'chaos-checks');
    if (process.env.CHAOS_VERBOSE)
      process.stderr.write(
        `chaos startup: postgres ${tPg - t0} ms, nats+stack ${tStack - tPg} ms, seed ${Date.now() - tStack} ms\n`,
      );
  } catch (error) {
    await close();
    throw error;
  }
  const simulator = new CallSimulator({
    serverUrl: stack.balancer.url,
    authToken: stack.twilio.authToken,
    accountSid: stack.twilio.accountSid,
  });
  const target: ChaosTarget = { stack, nats, pg };
  /** A fresh connection each time: the suite's own must not be the one a fault left broken. */
  const pgClient = async () => {
    await client?.end().catch(() => undefined);
    client = new Client({ connectionString: pg.url });
    client.on('error', () => undefined); // a fault may end it; the next check opens another
    await client.connect();
    return client;
  };
  let eventsBefore = 0;

  const run = async (
    fault: Fault,
    atSecond?: number,
    { awaitRestarted = true }: { awaitRestarted?: boolean } = {},
  ): Promise<FaultReport> => {
    const firstAnswer = stack.balancer.answers.length;
    const load = startLoad({ simulator, contactPoint: CONTACT, phones, ...options });
    try {
      // Let the load reach its pace before the fault lands.
      await waitFor(() => load.stats.calls >= options.concurrency * 2, 60_000, 'the load to start');
      if (atSecond !== undefined)
        await waitFor(
          () => new Date().getUTCSeconds() === atSecond,
          61_000,
          `second ${atSecond} of a minute`,
        );
      const window = await fault.run(target);
      if (window.outage) outages.push([window.start, window.back]);
      // When the presence stream and the KV bucket's stream answer again (their leaders elected).
      await waitFor(
        async () => {
          try {
            const jsm = await jetstreamManager(nc, { timeout: 500 });
            await Promise.all([jsm.streams.info('PRESENCE_EVENTS'), jsm.streams.info('KV_presence')]);
            return true;
          } catch {
            return false;
          }
        },
        120_000,
        'the streams to answer',
      );
      const streamsAt = Date.now();
      const all = stack.replicas.map((r) => r.url);
      const survivors = all.filter((url) => !window.killed.includes(url));
      await waitFor(
        () => stack.readiness.allReadySince(awaitRestarted ? all : survivors, window.back) !== null,
        120_000,
        'every replica ready',
      );
      const readyAt = stack.readiness.allReadySince(survivors, window.back)!;
      const restartedAt =
        window.killed.length && awaitRestarted
          ? stack.readiness.allReadySince(window.killed, window.back)
          : null;
      // The load goes on until a call is served again, then the stack settles.
      const firstServed = () =>
        Math.min(...load.stats.servedCalls.filter((c) => c.startedAt >= window.back).map((c) => c.endedAt));
      await waitFor(() => Number.isFinite(firstServed()), 60_000, 'a call placed after the fault served');
      const servedAt = firstServed();
      await load.stop();
      const db = await pgClient();
      await waitFor(
        () => settled(db, nc, tenant).catch(() => false),
        60_000,
        'the outbox sent and the KV bucket caught up',
      );
      const [rows, kv, events] = await Promise.all([
        readRows(db, tenant),
        readKv(nc, tenant),
        readPresenceEvents(nc, tenant),
      ]);
      const consistency = checkConsistency(rows, kv, events, outages);
      const answers = stack.balancer.answers.slice(firstAnswer);
      const readyDuringOutage = window.outage
        ? stack.replicas
            .filter((r) =>
              stack.readiness
                .samples(r.url)
                .some(
                  (s) => s.ready && s.at >= window.down + OUTAGE_GRACE_MS && s.at + PROBE_MS <= window.back,
                ),
            )
            .map((r) => `${r.app} #${r.index}`)
        : [];
      const report: FaultReport = {
        fault: fault.name,
        webhooks: answers.length,
        apologies: answers.filter((a) => a.apology).length,
        nonTwiml: answers.filter((a) => !a.twiml).length,
        nonTwimlSamples: answers.filter((a) => !a.twiml).slice(0, 5),
        readyAfterMs: readyAt - window.back,
        restartedReadyAfterMs: restartedAt === null ? null : restartedAt - window.back,
        servedAfterMs: servedAt - window.back,
        streamsAfterMs: streamsAt - window.back,
        outageMs: window.back - window.start,
        readyDuringOutage,
        newEvents: events.length - eventsBefore,
        consistency,
        calls: load.stats.calls,
        served: load.stats.served,
        loadErrors: load.stats.errors,
      };
      eventsBefore = events.length;
      await client?.end().catch(() => undefined);
      client = null;
      return report;
    } finally {
      await load.stop(); // a fault that failed its checks must not leave its load running into the next
    }
  };

  const streamReplicas = async () => {
    const jsm = await jetstreamManager(nc);
    const out: Record<string, number> = {};
    for await (const info of jsm.streams.list()) out[info.config.name] = info.config.num_replicas;
    return out;
  };

  return { target, tenant, run, streamReplicas, close } satisfies ChaosSuite;
}
