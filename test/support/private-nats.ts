/**
 * Each integration and e2e test file gets a NATS server of its own (JetStream on, a temporary
 * store), started before the file's modules read NATS_URL. Apps of one file then never answer
 * requests of another file running in parallel (they share queue groups such as `presence`), and
 * nothing reaches a stack running on the default port.
 */
import { spawn, execFileSync } from 'node:child_process';
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
const server = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], {
  stdio: 'ignore',
});
let failure: Error | null = null;
server.on('error', (error) => {
  failure = new Error(
    `cannot start nats-server for the tests (${error.message}); install it: apt-get install nats-server`,
  );
});
process.env.NATS_URL = `nats://127.0.0.1:${port}`;

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

beforeAll(async () => {
  const deadline = Date.now() + 10_000;
  while (!(await accepting())) {
    if (failure) throw failure;
    if (Date.now() > deadline) throw new Error(`nats-server did not start on port ${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
});

afterAll(async () => {
  // Wait for the server to exit before removing its store (it may still be writing to it).
  const exited = new Promise<void>((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) resolve();
    else server.once('exit', () => resolve());
  });
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
