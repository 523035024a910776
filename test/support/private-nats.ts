/**
 * Each integration and e2e test file gets a NATS server of its own (JetStream on, a temporary
 * store), started before the file's modules read NATS_URL. Apps of one file then never answer
 * requests of another file running in parallel (they share queue groups such as `presence`), and
 * nothing reaches a stack running on the default port.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = Number(
  execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]).toString(),
);
const store = mkdtempSync(join(tmpdir(), 'tp-nats-'));
let failure: Error | null = null;
function spawnServer(): ChildProcess {
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], {
    stdio: 'ignore',
  });
  child.on('error', (error) => {
    failure = new Error(
      `cannot start nats-server for the tests (${error.message}); install it: apt-get install nats-server`,
    );
  });
  return child;
}
let server = spawnServer();
process.env.NATS_URL = `nats://127.0.0.1:${port}`;

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function untilAccepting(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await accepting())) {
    if (failure) throw failure;
    if (Date.now() > deadline) throw new Error(`nats-server did not start on port ${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * An outage of the file's NATS server, for the tests of what survives one: `stop` ends it (SIGTERM)
 * and resolves once it has exited; `start` runs it again on the same port with the same store and
 * resolves once it accepts connections.
 */
export interface PrivateNats {
  stop(): Promise<void>;
  start(): Promise<void>;
}
const control: PrivateNats = {
  stop: async () => {
    const exited = exitOf(server);
    server.kill('SIGTERM');
    await exited;
  },
  start: async () => {
    if (server.exitCode === null && server.signalCode === null) throw new Error('nats-server is running');
    server = spawnServer();
    await untilAccepting();
  },
};
(globalThis as { privateNats?: PrivateNats }).privateNats = control;

function accepting(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

beforeAll(untilAccepting);

afterAll(async () => {
  // Wait for the server to exit before removing its store (it may still be writing to it).
  const exited = exitOf(server);
  server.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      rmSync(store, { recursive: true, force: true });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});
