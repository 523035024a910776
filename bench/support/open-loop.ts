/**
 * An open-loop load driver: requests start at evenly spaced times (rate per second), never waiting
 * for earlier answers, so a slow server cannot slow the arrivals down (no coordinated omission).
 * Latency is measured from each request's scheduled start.
 */
export interface OpenLoopResult {
  rate: number;
  sent: number;
  achievedRate: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

/** One request of a mixed open loop: what kind it is (for per-kind figures) and its outcome. */
export interface KindedRequest<K extends string> {
  kind: K;
  /** Resolves true for a good answer, false for a wrong one; a rejection counts as an error too. */
  done: Promise<boolean>;
}

export interface OpenLoopKindsResult<K extends string> {
  all: OpenLoopResult;
  /** The same figures per kind; `rate` is the kind's share of the arrivals, `achievedRate` its rate. */
  byKind: Record<K, OpenLoopResult>;
}

interface Sample<K extends string> {
  kind: K;
  latency: number;
  ok: boolean;
}

function summarise(rate: number, samples: Sample<string>[], sendSpanMs: number): OpenLoopResult {
  const latencies = samples.map((s) => s.latency).sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    rate,
    sent: samples.length,
    achievedRate: (samples.length / sendSpanMs) * 1000,
    errors: samples.filter((s) => !s.ok).length,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies.at(-1) ?? 0,
  };
}

/**
 * Starts `request(i)` at `started + i * (1000 / rate)` for `durationMs`, whatever is still in
 * flight, and reports latencies per kind of request as well as overall. The kind is chosen by the
 * callback when the slot comes up, so a scenario can decide then (e.g. the next step of a call
 * whose previous answer came back, or a new call).
 */
export async function openLoopKinds<K extends string>(
  ratePerSecond: number,
  durationMs: number,
  request: (i: number) => KindedRequest<K>,
): Promise<OpenLoopKindsResult<K>> {
  const total = Math.max(1, Math.round((ratePerSecond * durationMs) / 1000));
  const interval = 1000 / ratePerSecond;
  const samples: Sample<K>[] = [];
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const scheduled = started + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    // Late (a busy driver): counted from the scheduled time. Early (timer granularity): from the start.
    const origin = Math.min(scheduled, performance.now());
    let next: KindedRequest<K>;
    try {
      next = request(i);
    } catch {
      samples.push({ kind: 'error' as K, latency: performance.now() - origin, ok: false });
      continue;
    }
    const { kind } = next;
    inflight.push(
      next.done.then(
        (ok) => void samples.push({ kind, latency: performance.now() - origin, ok }),
        () => void samples.push({ kind, latency: performance.now() - origin, ok: false }),
      ),
    );
  }
  const sendSpan = Math.max(1, performance.now() - started);
  await Promise.all(inflight);
  const kinds = [...new Set(samples.map((s) => s.kind))];
  const byKind = Object.fromEntries(
    kinds.map((kind) => {
      const own = samples.filter((s) => s.kind === kind);
      return [kind, summarise((ratePerSecond * own.length) / samples.length, own, sendSpan)];
    }),
  ) as Record<K, OpenLoopResult>;
  return { all: summarise(ratePerSecond, samples, sendSpan), byKind };
}

export async function openLoop(
  ratePerSecond: number,
  durationMs: number,
  request: (i: number) => Promise<boolean>,
): Promise<OpenLoopResult> {
  return (await openLoopKinds(ratePerSecond, durationMs, (i) => ({ kind: 'request', done: request(i) }))).all;
}

export function formatResult(label: string, r: OpenLoopResult): string {
  return `  ${label.padEnd(34)} ${r.rate.toFixed(0).padStart(4)}/s target, ${r.achievedRate.toFixed(0).padStart(4)}/s achieved, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms, errors ${r.errors}/${r.sent}`;
}
