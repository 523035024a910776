// Runs the apps of `npm start` side by side, as an orchestrator would: labelled, interleaved output;
// an app that exits on its own is started again after a delay that doubles while it keeps dying;
// stop() ends them all.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';

/**
 * Starts each program (`{ name, args }`: `node ...args`) with `env`, prefixing each line of its
 * output with `[name]`. A program that exits without being asked to is started again after
 * `baseDelayMs`, doubling on each restart in a row up to `maxDelayMs`; one that ran for
 * `resetAfterMs` or longer before exiting counts as healthy again (the next delay is `baseDelayMs`).
 * `stop(signal)` sends `signal` (SIGTERM) to every program, cancels pending restarts and resolves
 * with 0 once all have exited (1 if one of them failed to stop cleanly).
 */
export function supervise(
  programs,
  {
    env = process.env,
    out = process.stdout,
    baseDelayMs = 1000,
    maxDelayMs = 30_000,
    resetAfterMs = 60_000,
  } = {},
) {
  const width = Math.max(...programs.map((p) => p.name.length));
  const label = (name) => `[${name.padEnd(width)}]`;
  let stopping = false;
  let failedToStop = false;
  const states = programs.map((program) => ({ program, child: null, restarts: 0, timer: null }));

  const say = (name, line) => out.write(`${label(name)} ${line}\n`);

  function start(state) {
    const { name, args } = state.program;
    const startedAt = Date.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    state.child = child;
    for (const stream of [child.stdout, child.stderr])
      createInterface({ input: stream }).on('line', (line) => say(name, line));
    child.on('error', (error) => say(name, `could not start: ${error.message}`));
    child.on('exit', (code, signal) => {
      state.child = null;
      // 128 + the signal's number, as a shell reports a process killed by a signal (137 for SIGKILL).
      const exitCode = code ?? 128 + (constants.signals[signal] ?? 0);
      if (stopping) {
        if (exitCode !== 0) {
          failedToStop = true;
          say(name, `exited with code ${exitCode} while stopping`);
        }
        settle();
        return;
      }
      if (Date.now() - startedAt >= resetAfterMs) state.restarts = 0;
      state.restarts += 1;
      const delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (state.restarts - 1));
      say(
        name,
        `exited with code ${exitCode}; restarting in ${delayMs / 1000} s (restart ${state.restarts})`,
      );
      state.timer = setTimeout(() => {
        state.timer = null;
        start(state);
      }, delayMs);
    });
  }

  let resolveDone;
  const done = new Promise((resolve) => (resolveDone = resolve));
  function settle() {
    if (stopping && states.every((s) => s.child === null)) resolveDone(failedToStop ? 1 : 0);
  }

  for (const state of states) start(state);

  return {
    done,
    stop(signal = 'SIGTERM') {
      if (!stopping) {
        stopping = true;
        for (const state of states) {
          if (state.timer) clearTimeout(state.timer);
          state.timer = null;
          state.child?.kill(signal);
        }
        settle();
      }
      return done;
    },
  };
}
