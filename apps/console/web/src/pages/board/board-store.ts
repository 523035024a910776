import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { followPresence, type BoardPresence, type FeedStatus } from './presence-feed';

type State = BoardPresence['state'];

/**
 * The board's presence, one entry per agent in a Map, changed by the live feed, with what the page
 * shows of all agents kept change by change (O(1) an event, never a walk over every agent a frame):
 * the count per state, the agents with presence but no user ("strangers"), and "latest change first".
 * Changes are applied at once but announced once per animation frame: to the page (one render a
 * frame at most) and to each changed agent's own row (so one event re-renders at most one row). An
 * event not newer (by the agent's sequence) than what the board has is dropped.
 */
export class BoardStore {
  readonly agents = new Map<string, BoardPresence>();
  /** Each agent's `changedAt` in ms since the epoch, parsed once. */
  private readonly changed = new Map<string, number>();
  /** Agents with presence, latest change first: sorted at a snapshot, then kept in order change by change. */
  recent: string[] = [];
  /** Agents with presence, by state (those without presence are offline). */
  readonly counts: Record<State, number> = { online: 0, busy: 0, 'on-break': 0, offline: 0 };
  /** Agents with presence who are not among the users (deleted since), and a version that grows when the set does. */
  readonly strangers = new Set<string>();
  strangersVersion = 0;
  /** Grows when an agent gets presence for the first time (membership of `recent`). */
  membersVersion = 0;
  status: FeedStatus = 'connecting';
  /** Grows with each announced change, so React sees a new snapshot. */
  version = 0;
  private users: ReadonlySet<string> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly agentListeners = new Map<string, Set<() => void>>();
  private readonly dirty = new Set<string>();
  private frame: number | null = null;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Calls `listener` (once a frame at most) when this agent's presence changed. */
  subscribeAgent(agentId: string, listener: () => void): () => void {
    let set = this.agentListeners.get(agentId);
    if (!set) this.agentListeners.set(agentId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.agentListeners.delete(agentId);
    };
  }

  getVersion = (): number => this.version;

  /** The tenant's users (ids): agents with presence outside it are strangers. */
  setUsers(users: ReadonlySet<string>): void {
    this.users = users;
    this.strangers.clear();
    for (const id of this.agents.keys()) if (!users.has(id)) this.strangers.add(id);
    this.strangersVersion += 1;
    this.schedule();
  }

  replace(agents: BoardPresence[]): void {
    this.agents.clear();
    this.changed.clear();
    this.strangers.clear();
    this.counts.online = this.counts.busy = this.counts['on-break'] = this.counts.offline = 0;
    for (const agent of agents) this.set(agent, undefined);
    this.recent = [...this.agents.keys()].sort((a, b) => this.changedMs(b) - this.changedMs(a));
    this.strangersVersion += 1;
    this.membersVersion += 1;
    for (const id of this.agentListeners.keys()) this.dirty.add(id);
    this.schedule();
  }

  apply(agent: BoardPresence): void {
    const known = this.agents.get(agent.agentId);
    if (known && known.sequence >= agent.sequence) return;
    this.set(agent, known);
    if (known) {
      const at = this.recent.indexOf(agent.agentId);
      if (at > 0) this.recent.copyWithin(1, 0, at);
      this.recent[0] = agent.agentId;
    } else {
      this.recent.unshift(agent.agentId);
      this.membersVersion += 1;
    }
    this.dirty.add(agent.agentId);
    this.schedule();
  }

  changedMs = (agentId: string): number => this.changed.get(agentId) ?? 0;

  private set(agent: BoardPresence, known: BoardPresence | undefined): void {
    if (known) this.counts[known.state] -= 1;
    else if (this.users && !this.users.has(agent.agentId)) {
      this.strangers.add(agent.agentId);
      this.strangersVersion += 1;
    }
    this.counts[agent.state] += 1;
    this.agents.set(agent.agentId, agent);
    this.changed.set(agent.agentId, agent.changedAt ? Date.parse(agent.changedAt) : 0);
  }

  setStatus(status: FeedStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.schedule();
  }

  private schedule(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.version += 1;
      for (const id of this.dirty) this.agentListeners.get(id)?.forEach((listener) => listener());
      this.dirty.clear();
      for (const listener of this.listeners) listener();
    });
  }

  stop(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
  }
}

/** The tenant's live presence while the component is mounted: the store (not subscribed: see `useStoreVersion`). */
export function useLivePresence(): BoardStore {
  const [store] = useState(() => new BoardStore());
  useEffect(() => {
    const stop = followPresence({
      snapshot: (agents) => store.replace(agents),
      change: (agent) => store.apply(agent),
      status: (status) => store.setStatus(status),
    });
    return () => {
      stop();
      store.stop();
    };
  }, [store]);
  return store;
}

/**
 * A value read from the store, re-rendering the component (once a frame at most) only when it
 * changed: e.g. `s => s.strangersVersion` re-renders only when the set of strangers did.
 */
export function useStoreValue<T>(store: BoardStore, read: (store: BoardStore) => T): T {
  return useSyncExternalStore(store.subscribe, () => read(store));
}

/**
 * Like `useStoreValue`, but re-rendering at most once every `everyMs` (the last value always shows,
 * at most `everyMs` late): for what need not follow a busy feed frame by frame, such as the counts.
 */
export function useThrottledStoreValue<T>(
  store: BoardStore,
  read: (store: BoardStore) => T,
  everyMs: number,
): T {
  const [value, setValue] = useState(() => read(store));
  const latest = useRef(read);
  latest.current = read;
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const update = () => {
      timer = null;
      last = performance.now();
      setValue(latest.current(store));
    };
    update();
    const unsubscribe = store.subscribe(() => {
      if (timer !== null) return;
      const wait = last + everyMs - performance.now();
      if (wait <= 0) update();
      else timer = setTimeout(update, wait);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, everyMs]);
  return value;
}

/** One agent's presence, re-rendering only when that agent changed. */
export function useAgentPresence(store: BoardStore, agentId: string): BoardPresence | undefined {
  const subscribe = useCallback(
    (listener: () => void) => store.subscribeAgent(agentId, listener),
    [store, agentId],
  );
  return useSyncExternalStore(subscribe, () => store.agents.get(agentId));
}
