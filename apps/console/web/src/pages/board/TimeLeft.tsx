import { useLayoutEffect, useRef } from 'react';

/** Time left until an instant (ms since the epoch), to the second: "7 h 59 min 58 s". */
export function timeLeft(until: number, now: number): string {
  const seconds = Math.max(0, Math.floor((until - now) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h} h ${m} min ${s} s` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/** Every time left on screen and its instant: one shared 1 s timer rewrites their text, no React render. */
const shown = new Map<HTMLElement, number>();
let timer: ReturnType<typeof setInterval> | null = null;

const wholeSecond = () => Math.floor(Date.now() / 1000) * 1000;
function paint(element: HTMLElement, until: number, now: number): void {
  const text = timeLeft(until, now);
  if (element.textContent !== text) element.textContent = text;
}
function tick(): void {
  const now = wholeSecond();
  for (const [element, until] of shown) paint(element, until, now);
}

/** The ticking time left until `until` (ISO), as plain text kept by the shared timer. */
export function TimeLeft({ until }: { until: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const at = Date.parse(until);
    shown.set(element, at);
    paint(element, at, wholeSecond());
    timer ??= setInterval(tick, 1000);
    return () => {
      shown.delete(element);
      if (shown.size === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    };
  }, [until]);
  return <span ref={ref} />;
}
