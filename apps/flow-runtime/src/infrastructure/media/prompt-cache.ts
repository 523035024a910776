import type { PromptContentV1 } from '@tp/contracts';

interface Entry {
  /** null: media said the tenant has no such prompt. */
  readonly content: PromptContentV1 | null;
  readonly version: number;
  readonly storedAt: number;
}

/**
 * Prompts by tenant and id, for a short time. Media's change events drop an entry at once and
 * remember the event's version, so that an answer media gave before the change, arriving after the
 * event, is not cached (it is still used for the turn that asked). Bounded: the oldest entries go first.
 */
export class PromptCache {
  private readonly entries = new Map<string, Entry>();
  /** Per prompt, the lowest version that may be cached again after a change or deletion event. */
  private readonly floors = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The cached entry while fresh; with `stale`, whatever is cached, however old. */
  get(tenantId: string, promptId: string, stale = false): { content: PromptContentV1 | null } | undefined {
    const entry = this.entries.get(key(tenantId, promptId));
    if (entry === undefined) return undefined;
    if (!stale && this.now() - entry.storedAt >= this.ttlMs) return undefined;
    return { content: entry.content };
  }

  /** Keeps what media answered (a prompt at its version, or null for a prompt it does not have). */
  put(tenantId: string, promptId: string, content: PromptContentV1 | null, version = 0): void {
    const k = key(tenantId, promptId);
    const floor = this.floors.get(k);
    if (floor !== undefined && content !== null && version < floor) return;
    this.entries.delete(k);
    this.entries.set(k, { content, version, storedAt: this.now() });
    this.trim(this.entries);
  }

  /** A prompt changed or was deleted (event version `version`): drop it. */
  forget(tenantId: string, promptId: string, version: number): void {
    const k = key(tenantId, promptId);
    this.entries.delete(k);
    this.floors.set(k, Math.max(version, this.floors.get(k) ?? 0));
    this.trim(this.floors);
  }

  get size(): number {
    return this.entries.size;
  }

  private trim(map: Map<string, unknown>): void {
    while (map.size > this.maxEntries) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) return;
      map.delete(oldest);
    }
  }
}

const key = (tenantId: string, promptId: string) => `${tenantId}/${promptId}`;
