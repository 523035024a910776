import type { OnlineInterval } from './online-history.port';

/** The steps a chart may ask for, in minutes. */
export const ONLINE_HISTORY_STEPS = { '5m': 5, '15m': 15, '30m': 30, '1h': 60 } as const;
export type OnlineHistoryStep = keyof typeof ONLINE_HISTORY_STEPS;

export interface OnlinePoint {
  /** The start of the step (ISO 8601). */
  at: string;
  /** Agents online at some time in the step. */
  online: number;
  /** Of those, how many hold each skill (lower-case name; skills with none online are 0). */
  skills: Record<string, number>;
}

export interface OnlineHistoryView {
  from: string;
  to: string;
  step: OnlineHistoryStep;
  stepSeconds: number;
  /** Every skill held by an agent online in the window, lower case, sorted. */
  skills: string[];
  points: OnlinePoint[];
}

/** The window of a chart: `hours` back from the end of the step that holds `now`, in whole steps. */
export function historyWindow(now: Date, hours: number, stepMinutes: number): { from: Date; to: Date } {
  const stepMs = stepMinutes * 60_000;
  const to = new Date(Math.ceil((now.getTime() + 1) / stepMs) * stepMs);
  return { from: new Date(to.getTime() - hours * 3_600_000), to };
}

/**
 * Agents online per step and per skill: an agent counts once in every step that one of their
 * sessions overlaps, under each of their skills (names compared ignoring case).
 */
export function onlineSeries(
  intervals: readonly OnlineInterval[],
  skillsOf: ReadonlyMap<string, readonly string[]>,
  window: { from: Date; to: Date },
  stepMinutes: number,
): { skills: string[]; points: OnlinePoint[] } {
  const stepMs = stepMinutes * 60_000;
  const start = window.from.getTime();
  const steps = Math.round((window.to.getTime() - start) / stepMs);
  const stepsOf = new Map<string, Set<number>>();
  for (const { agentId, from, to } of intervals) {
    const first = Math.max(0, Math.floor((from.getTime() - start) / stepMs));
    const last = Math.min(steps - 1, Math.ceil((to.getTime() - start) / stepMs) - 1);
    const own = stepsOf.get(agentId) ?? new Set<number>();
    for (let i = first; i <= last; i += 1) own.add(i);
    stepsOf.set(agentId, own);
  }
  const skills = new Set<string>();
  const points: OnlinePoint[] = Array.from({ length: steps }, (_, i) => ({
    at: new Date(start + i * stepMs).toISOString(),
    online: 0,
    skills: {},
  }));
  for (const [agentId, own] of stepsOf) {
    if (own.size === 0) continue;
    const names = [...new Set((skillsOf.get(agentId) ?? []).map((s) => s.trim().toLowerCase()))];
    names.forEach((name) => skills.add(name));
    for (const i of own) {
      points[i].online += 1;
      for (const name of names) points[i].skills[name] = (points[i].skills[name] ?? 0) + 1;
    }
  }
  const sorted = [...skills].sort();
  for (const point of points) point.skills = Object.fromEntries(sorted.map((s) => [s, point.skills[s] ?? 0]));
  return { skills: sorted, points };
}
