#!/usr/bin/env node
/**
 * Where a page's main thread spent its time in a Chromium performance trace (JSON, as Playwright's
 * `browser.startTracing` writes it, e.g. `BENCH_BOARD_TRACE=board.json` in the board's benchmark):
 * the self time of each kind of trace event on the busiest renderer main thread (script, style
 * recalculation, layout, paint, ...) as a share of the traced span, then the JavaScript functions by
 * self time from the V8 sampling profile in the same trace.
 *
 * Usage: node scripts/summarise-trace.mjs <trace.json> [top=25] [dir of the bundles' source maps,
 * e.g. dist/console/web/assets: names minified functions by their source]
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const [file, topArg, mapsDir] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node scripts/summarise-trace.mjs <trace.json> [top]\n');
  process.exit(2);
}
const TOP = Number(topArg ?? 25);
const raw = JSON.parse(readFileSync(file, 'utf8'));
const events = Array.isArray(raw) ? raw : raw.traceEvents;

// The renderer main threads; the page's is the busiest.
const mains = new Set(
  events
    .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`),
);
const busy = new Map();
for (const e of events)
  if (e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`))
    busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
const main = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
if (!main) throw new Error('no renderer main thread in this trace');
const [pid, tid] = main.split(':').map(Number);

// Complete events (X, and B/E pairs) of that thread, nested by time: self time per name.
const spans = [];
const open = [];
for (const e of events) {
  if (e.pid !== pid || e.tid !== tid) continue;
  if (e.ph === 'X' && e.dur !== undefined) spans.push({ name: e.name, ts: e.ts, end: e.ts + e.dur, e });
  else if (e.ph === 'B') open.push(e);
  else if (e.ph === 'E') {
    const b = open.pop();
    if (b) spans.push({ name: b.name, ts: b.ts, end: e.ts, e: b });
  }
}
spans.sort((a, b) => a.ts - b.ts || b.end - a.end);
const self = new Map();
const forced = new Map(); // layout and style recalculation done inside script: forced by a read
const stack = [];
let first = Infinity;
let last = -Infinity;
let topLevel = 0;
for (const s of spans) {
  first = Math.min(first, s.ts);
  last = Math.max(last, s.end);
  while (stack.length && stack.at(-1).end <= s.ts) stack.pop();
  const parent = stack.at(-1);
  const duration = s.end - s.ts;
  if (parent && (s.name === 'Layout' || s.name === 'UpdateLayoutTree') && stack.some((p) => p.script))
    forced.set(s.name, (forced.get(s.name) ?? 0) + duration);
  if (parent) self.set(parent.key, (self.get(parent.key) ?? 0) - Math.min(duration, parent.end - s.ts));
  else topLevel += duration;
  const key = s.name === 'FunctionCall' || s.name === 'EvaluateScript' ? scriptKey(s) : s.name;
  self.set(key, (self.get(key) ?? 0) + duration);
  stack.push({
    ...s,
    key,
    script: s.name === 'FunctionCall' || s.name === 'EvaluateScript' || parent?.script,
  });
}
function scriptKey(s) {
  const data = s.e.args?.data ?? {};
  const url = data.url ? basename(String(data.url)).split('?')[0] : '(no url)';
  return `${s.name} ${data.functionName || '(anonymous)'} @ ${url}`;
}
const span = last - first;
const pct = (us) => `${((us / span) * 100).toFixed(1).padStart(5)} %`;
const ms = (us) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
process.stdout.write(
  `main thread ${pid}:${tid}: ${(span / 1e6).toFixed(2)} s traced, busy (top-level tasks) ${pct(topLevel)}\n\n` +
    `self time by trace event (top ${TOP}):\n`,
);
for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP))
  process.stdout.write(`  ${pct(us)} ${ms(us)}  ${name}\n`);
for (const [name, us] of forced)
  process.stdout.write(`  of which forced from script: ${name} ${pct(us)} ${ms(us)}\n`);

// Source maps (optional): a minified frame named by the original function and file.
const consumers = new Map();
const { SourceMapConsumer } = mapsDir ? await import('source-map-js') : {};
function original(file, line, column) {
  if (!SourceMapConsumer || !file) return null;
  if (!consumers.has(file)) {
    let consumer = null;
    try {
      consumer = new SourceMapConsumer(JSON.parse(readFileSync(join(mapsDir, `${file}.map`), 'utf8')));
    } catch {
      // no map for this file
    }
    consumers.set(file, consumer);
  }
  const position = consumers.get(file)?.originalPositionFor({ line: line + 1, column });
  return position?.source ? position : null;
}

// The V8 sampling profile: self time per function.
const nodes = new Map();
const functions = new Map();
let sampled = 0;
for (const e of events) {
  if (e.name !== 'ProfileChunk' || e.pid !== pid) continue;
  const profile = e.args?.data?.cpuProfile ?? {};
  for (const node of profile.nodes ?? []) nodes.set(`${e.id}:${node.id}`, node);
  const samples = profile.samples ?? [];
  const deltas = e.args?.data?.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = nodes.get(`${e.id}:${samples[i]}`);
    const dt = deltas[i + 1] ?? 0; // the time until the next sample is spent in this one
    if (!node || dt <= 0) continue;
    const frame = node.callFrame ?? {};
    const file = frame.url ? basename(frame.url).split('?')[0] : '';
    const source = original(file, frame.lineNumber, frame.columnNumber);
    const where = source
      ? `${source.source.replace(/^(\.\.\/)+/u, '')}:${source.line}`
      : file && `${file}:${frame.lineNumber + 1}`;
    const key =
      `${frame.functionName || '(anonymous)'}${source?.name ? ` (${source.name})` : ''} ${where}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + dt);
    sampled += dt;
  }
}
if (sampled) {
  process.stdout.write(
    `\nJavaScript self time from the sampling profile (top ${TOP}, % of the traced span):\n`,
  );
  for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    process.stdout.write(`  ${pct(us)} ${ms(us)}  ${name}\n`);
}
