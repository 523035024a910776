/**
 * A NATS server of one's own (JetStream on, a temporary store, a free port), for a benchmark that
 * must not touch a stack running on the default port. Tests get theirs from test/support/private-nats.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort } from './stack';

export interface NatsServer {
  readonly url: string;
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

export async function startNatsServer(): Promise<NatsServer> {
  const port = await freeTcpPort();
  const store = mkdtempSync(join(tmpdir(), 'tp-nats-'));
  const server = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], {
    stdio: 'ignore',
  });
  let failure: Error | null = null;
  server.on('error', (error) => {
    failure = new Error(
      `cannot start nats-server (${error.message}); install it: apt-get install nats-server`,
    );
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null && !failure) {
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(store, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepting(port))) {
    if (failure || Date.now() > deadline) {
      await stop();
      throw failure ?? new Error(`nats-server did not start on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { url: `nats://127.0.0.1:${port}`, stop };
}
