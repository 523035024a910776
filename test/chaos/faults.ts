/**
 * The faults the suite injects, one at a time or several at once. Each resolves when what it broke
 * is back (the dependency started again, the process thawed, the killed replica started again) and
 * says when it started and when it ended, and whether it was an outage: every replica unable to
 * serve, so every replica must say it is not ready until it ends.
 */
import { waitFor } from '@tp/stack-harness';
import { STACK_APPS } from '../../libs/stack-harness/src/stack';
import type { NatsCluster } from './nats-cluster';
import type { PostgresInstance } from './postgres-instance';
import type { ReplicatedStack } from './replicated-stack';

export interface ChaosTarget {
  stack: ReplicatedStack;
  nats: NatsCluster;
  pg: PostgresInstance;
}

export interface FaultWindow {
  start: number;
  /** When what the fault takes away was gone (the process exited, the server stopped). */
  down: number;
  /** When the dependency was back (or the killed replicas were started again). */
  back: number;
  outage: boolean;
  /** The URLs of the replicas the fault killed (they start again from nothing). */
  killed: string[];
}

export interface Fault {
  readonly name: string;
  run(target: ChaosTarget): Promise<FaultWindow>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGKILL of replica `index` of every app at once; back when each was started again (the supervisor's 1 s later). */
export function killOneReplicaOfEachApp(index = 0): Fault {
  return {
    name: `kill -9 of replica ${index} of each app`,
    run: async ({ stack }) => {
      const start = Date.now();
      const replicas = STACK_APPS.map((app) => stack.replica(app, index));
      await Promise.all(STACK_APPS.map((app) => stack.kill(app, index)));
      const down = Date.now();
      await waitFor(
        () => replicas.every((r) => r.startedAt > down),
        60_000,
        'the killed replicas started again',
      );
      return {
        start,
        down,
        back: Math.max(...replicas.map((r) => r.startedAt)),
        outage: false,
        killed: replicas.map((r) => r.url),
      };
    },
  };
}

/** SIGKILL of one NATS server, started again `downMs` later on the same store. */
export function killNatsServer(index: number, downMs: number): Fault {
  return {
    name: `NATS server ${index} killed, back after ${downMs / 1000} s`,
    run: async ({ nats }) => {
      const start = Date.now();
      await nats.kill(index);
      const down = Date.now();
      await sleep(downMs);
      await nats.start(index);
      return { start, down, back: Date.now(), outage: false, killed: [] };
    },
  };
}

/** Every NATS server killed, all started again `downMs` later. */
export function natsDown(downMs: number): Fault {
  return {
    name: `all of NATS down for ${downMs / 1000} s`,
    run: async ({ nats }) => {
      const start = Date.now();
      await Promise.all(Array.from({ length: nats.size }, (_, i) => nats.kill(i)));
      const down = Date.now();
      await sleep(downMs);
      await Promise.all(Array.from({ length: nats.size }, (_, i) => nats.start(i)));
      return { start, down, back: Date.now(), outage: true, killed: [] };
    },
  };
}

/** PostgreSQL stopped (`pg_ctl stop -m fast`) and started again `downMs` later. */
export function postgresDown(downMs: number): Fault {
  return {
    name: `PostgreSQL stopped for ${downMs / 1000} s`,
    run: async ({ pg }) => {
      const start = Date.now();
      await pg.stop();
      const down = Date.now();
      await sleep(downMs);
      await pg.start();
      return { start, down, back: Date.now(), outage: true, killed: [] };
    },
  };
}

/** One NATS server frozen (SIGSTOP) for `stallMs`, as a network stall: connections stay open, nothing moves. */
export function stallNatsServer(index: number, stallMs: number): Fault {
  return {
    name: `NATS server ${index} stalled (SIGSTOP) for ${stallMs / 1000} s`,
    run: async ({ nats }) => {
      const start = Date.now();
      nats.pause(index);
      await sleep(stallMs);
      nats.resume(index);
      return { start, down: start, back: Date.now(), outage: false, killed: [] };
    },
  };
}

/** Several faults started together; back when the last is back; an outage if any is. */
export function together(...faults: Fault[]): Fault {
  return {
    name: faults.map((f) => f.name).join(' + '),
    run: async (target) => {
      const windows = await Promise.all(faults.map((f) => f.run(target)));
      const outages = windows.filter((w) => w.outage);
      return {
        start: Math.min(...windows.map((w) => w.start)),
        // An outage is what every replica must show: from the outage faults' own moments.
        down: Math.max(...(outages.length ? outages : windows).map((w) => w.down)),
        back: Math.max(...windows.map((w) => w.back)),
        outage: outages.length > 0,
        killed: windows.flatMap((w) => w.killed),
      };
    },
  };
}
