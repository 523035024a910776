/**
 * The faults the suite injects, one at a time or several at once. Each resolves when what it broke
 * is back (the dependency started again, the process thawed, the killed replica started again) and
 * says when it started and when it ended, and whether it was an outage: every replica unable to
 * serve, so every replica must say it is not ready until it ends.
 */
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
  /** When the dependency (or the killed replica) was back. */
  back: number;
  outage: boolean;
}

export interface Fault {
  readonly name: string;
  run(target: ChaosTarget): Promise<FaultWindow>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGKILL of replica `index` of every app at once; each started again 1 s later (as `npm start`'s supervisor and Kubernetes do). */
export function killOneReplicaOfEachApp(index = 0): Fault {
  return {
    name: `kill -9 of replica ${index} of each app`,
    run: async ({ stack }) => {
      const start = Date.now();
      await Promise.all(STACK_APPS.map((app) => stack.kill(app, index)));
      await sleep(1000);
      for (const app of STACK_APPS) stack.restart(app, index);
      return { start, back: Date.now(), outage: false };
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
      await sleep(downMs);
      await nats.start(index);
      return { start, back: Date.now(), outage: false };
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
      await sleep(downMs);
      await Promise.all(Array.from({ length: nats.size }, (_, i) => nats.start(i)));
      return { start, back: Date.now(), outage: true };
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
      await sleep(downMs);
      await pg.start();
      return { start, back: Date.now(), outage: true };
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
      return { start, back: Date.now(), outage: false };
    },
  };
}

/** Several faults started together; back when the last is back; an outage if any is. */
export function together(...faults: Fault[]): Fault {
  return {
    name: faults.map((f) => f.name).join(' + '),
    run: async (target) => {
      const windows = await Promise.all(faults.map((f) => f.run(target)));
      return {
        start: Math.min(...windows.map((w) => w.start)),
        back: Math.max(...windows.map((w) => w.back)),
        outage: windows.some((w) => w.outage),
      };
    },
  };
}
