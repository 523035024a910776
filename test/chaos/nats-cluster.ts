/**
 * A NATS cluster of three servers of the suite's own, as production runs it (deploy/nats/values.yaml):
 * JetStream on every server, each with its own store in a temporary folder, routes between them,
 * client and cluster ports of their own (never 4222). A server can be killed, restarted on the same
 * ports and store, or frozen (SIGSTOP) and thawed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort } from '../../libs/stack-harness/src/stack';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? 'nats-server';

export interface NatsCluster {
  /** The three client URLs, comma-separated, as `NATS_URL` takes them. */
  readonly url: string;
  readonly size: number;
  isRunning(index: number): boolean;
  /** Kills one server (SIGKILL unless told) and resolves once it has exited. */
  kill(index: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped server again (same ports, same store); resolves once it accepts connections. */
  start(index: number): Promise<void>;
  pause(index: number): void;
  resume(index: number): void;
  /** Stops every server and removes the stores. */
  stop(): Promise<void>;
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function untilAccepting(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await accepting(port))) {
    if (child.exitCode !== null) throw new Error(`nats-server on ${port} exited (${child.exitCode})`);
    if (Date.now() > deadline) throw new Error(`nats-server did not start on port ${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const root = mkdtempSync(join(tmpdir(), 'tp-chaos-nats-'));
  const clientPorts: number[] = [];
  const routePorts: number[] = [];
  for (let i = 0; i < size; i += 1) {
    clientPorts.push(await freeTcpPort());
    routePorts.push(await freeTcpPort());
  }
  const configs = clientPorts.map((port, i) => {
    const store = join(root, `n${i}`);
    mkdirSync(store, { recursive: true });
    const file = join(root, `n${i}.conf`);
    writeFileSync(
      file,
      [
        `server_name: chaos-n${i}`,
        `listen: 127.0.0.1:${port}`,
        `jetstream { store_dir: "${store}", max_memory_store: 64MB, max_file_store: 2GB }`,
        'cluster {',
        '  name: tp-chaos',
        `  listen: 127.0.0.1:${routePorts[i]}`,
        `  routes: [${routePorts.map((p) => `nats-route://127.0.0.1:${p}`).join(', ')}]`,
        '}',
        '',
      ].join('\n'),
    );
    return file;
  });
  const servers: (ChildProcess | null)[] = configs.map(() => null);
  const spawnOne = (i: number): ChildProcess => {
    const child = spawn(NATS_SERVER, ['-c', configs[i]], { stdio: 'ignore' });
    child.on('error', () => undefined);
    servers[i] = child;
    return child;
  };
  const killAll = () => servers.forEach((s) => s?.exitCode === null && s.kill('SIGKILL'));
  process.once('exit', killAll);
  const running = (i: number) => {
    const s = servers[i];
    return !!s && s.exitCode === null && s.signalCode === null;
  };
  const cluster: NatsCluster = {
    url: clientPorts.map((p) => `nats://127.0.0.1:${p}`).join(','),
    size,
    isRunning: running,
    kill: async (i, signal = 'SIGKILL') => {
      const s = servers[i];
      if (!s || !running(i)) return;
      const exited = exitOf(s);
      s.kill('SIGCONT');
      s.kill(signal);
      await exited;
    },
    start: async (i) => {
      if (running(i)) throw new Error(`NATS server ${i} is running`);
      await untilAccepting(clientPorts[i], spawnOne(i));
    },
    pause: (i) => {
      servers[i]?.kill('SIGSTOP');
    },
    resume: (i) => {
      servers[i]?.kill('SIGCONT');
    },
    stop: async () => {
      await Promise.all(clientPorts.map((_, i) => cluster.kill(i, 'SIGTERM')));
      process.removeListener('exit', killAll);
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(clientPorts.map((port, i) => untilAccepting(port, spawnOne(i))));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
