/**
 * Asks every replica's `/health/ready` five times a second, as a readiness probe would, and keeps
 * each answer, so a fault's checks can say when each replica stopped and started being ready.
 */
export interface ReadinessSample {
  at: number;
  ready: boolean;
}

export interface ReadinessMonitor {
  isReady(url: string): boolean;
  samples(url: string): ReadinessSample[];
  /** The first moment at or after `from` from which every one of `urls` answered ready. */
  allReadySince(urls: string[], from: number): number | null;
  stop(): void;
}

const PERIOD_MS = 200;

async function probe(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export function startReadinessMonitor(urls: () => string[]): ReadinessMonitor {
  const history = new Map<string, ReadinessSample[]>();
  let stopped = false;
  const loop = async (url: string) => {
    while (!stopped) {
      const started = Date.now();
      const ready = await probe(url);
      const list = history.get(url) ?? [];
      list.push({ at: started, ready });
      history.set(url, list);
      await new Promise((r) => setTimeout(r, Math.max(0, PERIOD_MS - (Date.now() - started))));
    }
  };
  const watched = new Set<string>();
  const watch = () => {
    for (const url of urls())
      if (!watched.has(url)) {
        watched.add(url);
        void loop(url);
      }
  };
  watch();
  const rewatch = setInterval(watch, 1000);
  const samples = (url: string) => history.get(url) ?? [];
  return {
    isReady: (url) => samples(url).at(-1)?.ready ?? false,
    samples,
    allReadySince: (list, from) => {
      let since = from;
      for (const url of list) {
        const after = samples(url).filter((s) => s.at >= from);
        const lastNotReady = after.findLastIndex((s) => !s.ready);
        if (after.length === 0 || lastNotReady === after.length - 1) return null;
        const first = lastNotReady === -1 ? after[0] : after[lastNotReady + 1];
        since = Math.max(since, first.at);
      }
      return since;
    },
    stop: () => {
      stopped = true;
      clearInterval(rewatch);
    },
  };
}
