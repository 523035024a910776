import { useEffect, useState, useSyncExternalStore } from 'react';
import { followPresence, type BoardPresence, type FeedStatus } from './presence-feed';

/**
 * The board's presence, one entry per agent in a Map, changed by the live feed. Changes are applied
 * at once but announced once per animation frame, so a hundred events a second cost at most one
 * render a frame; an event not newer (by the agent's sequence) than what the board has is dropped.
 */
class BoardStore {
  readonly agents = new Map<string, BoardPresence>();
  /** Each agent's `changedAt` in ms since the epoch, parsed once. */
  private readonly changed = new Map<string, number>();
  /** Agents with presence, latest change first: sorted at a snapshot, then kept in order change by change. */
  recent: string[] = [];
  status: FeedStatus = 'connecting';
  /** Grows with each announced change, so React sees a new snapshot. */
  version = 0;
  private readonly listeners = new Set<() => void>();
  private frame: number | null = null;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  replace(agents: BoardPresence[]): void {
    this.agents.clear();
    this.changed.clear();
    for (const agent of agents) this.set(agent);
    this.recent = [...this.agents.keys()].sort((a, b) => this.changedMs(b) - this.changedMs(a));
    this.schedule();
  }

  apply(agent: BoardPresence): void {
    const known = this.agents.get(agent.agentId);
    if (known && known.sequence >= agent.sequence) return;
    this.set(agent);
    if (known) this.recent.splice(this.recent.indexOf(agent.agentId), 1);
    this.recent.unshift(agent.agentId);
    this.schedule();
  }

  changedMs = (agentId: string): number => this.changed.get(agentId) ?? 0;

  private set(agent: BoardPresence): void {
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
      for (const listener of this.listeners) listener();
    });
  }

  stop(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
  }
}

/** The tenant's live presence while the component is mounted: the store and its version. */
export function useLivePresence(): { store: BoardStore; version: number } {
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
  const version = useSyncExternalStore(store.subscribe, store.getVersion);
  return { store, version };
}
