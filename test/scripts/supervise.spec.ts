import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

/**
 * The supervisor of `npm start` (scripts/supervise.mjs), driven as `npm start` drives it, over a
 * stand-in app: a program that dies is started again with a growing delay while the others keep
 * running, and Ctrl-C stops everything.
 */
jest.setTimeout(20_000);

const DRIVER = join(__dirname, 'supervise-driver.mjs');
const FAKE_APP = join(__dirname, 'fake-app.mjs');

interface Supervisor {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

function startSupervisor(names: string[], options: Record<string, number> = {}): Supervisor {
  const programs = names.map((name) => ({ name, args: [FAKE_APP] }));
  const child = spawn(process.execPath, [DRIVER, JSON.stringify(programs), JSON.stringify(options)]);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** The pids each start of `name` printed, in order. */
const pidsOf = (s: Supervisor, name: string): number[] =>
  [...s.output().matchAll(new RegExp(`\\[${name}\\s*\\] up (\\d+)`, 'g'))].map((m) => Number(m[1]));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the npm start supervisor', () => {
  let running: Supervisor | undefined;

  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    running = undefined;
  });

  it('starts a program killed with SIGKILL again after 1 s, saying so, while the others keep running', async () => {
    const s = (running = startSupervisor(['a', 'b']));
    await until(() => pidsOf(s, 'a').length === 1 && pidsOf(s, 'b').length === 1, 'both programs');
    const [first] = pidsOf(s, 'a');
    const [other] = pidsOf(s, 'b');
    const killedAt = Date.now();

    process.kill(first, 'SIGKILL');
    await until(() => pidsOf(s, 'a').length === 2, 'a to be started again');

    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(1000);
    expect(s.output()).toMatch(/\[a\s*\] exited with code 137; restarting in 1 s \(restart 1\)\n/);
    expect(alive(pidsOf(s, 'a')[1])).toBe(true);
    expect(pidsOf(s, 'b')).toEqual([other]);
    expect(alive(other)).toBe(true);
  });

  it('doubles the delay while a program keeps dying, and starts from 1 s again once it ran long enough', async () => {
    const s = (running = startSupervisor(['a'], { resetAfterMs: 1500 }));
    await until(() => pidsOf(s, 'a').length === 1, 'a');

    process.kill(pidsOf(s, 'a')[0], 'SIGKILL');
    await until(() => pidsOf(s, 'a').length === 2, 'the first restart');
    process.kill(pidsOf(s, 'a')[1], 'SIGKILL');
    await until(() => pidsOf(s, 'a').length === 3, 'the second restart');
    await new Promise((r) => setTimeout(r, 1600)); // runs longer than resetAfterMs
    process.kill(pidsOf(s, 'a')[2], 'SIGKILL');
    await until(() => pidsOf(s, 'a').length === 4, 'the third restart');

    const restarts = [...s.output().matchAll(/restarting in (\d+) s \(restart (\d+)\)/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(restarts).toEqual([
      [1, 1],
      [2, 2],
      [1, 1],
    ]);
  });

  it('stops every program on Ctrl-C and exits 0', async () => {
    const s = (running = startSupervisor(['a', 'b']));
    await until(() => pidsOf(s, 'a').length === 1 && pidsOf(s, 'b').length === 1, 'both programs');
    const pids = [...pidsOf(s, 'a'), ...pidsOf(s, 'b')];

    s.child.kill('SIGINT');

    expect(await s.exited).toBe(0);
    expect(s.output()).toMatch(/\[a\s*\] stopped/);
    expect(s.output()).toMatch(/\[b\s*\] stopped/);
    expect(pids.filter(alive)).toEqual([]);
  });
});
