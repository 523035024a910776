import {
  Prompt,
  PromptChangedConcurrently,
  PromptNameTaken,
  PromptRepository,
  promptNameKey,
  type PromptEvent,
  type PromptListQuery,
  type PromptPage,
  type PromptProps,
  type PromptRole,
} from '@tp/media-domain';

/**
 * The prompt port in memory. Like the real adapter it stores copies, keeps names unique per tenant
 * (case ignored), refuses a save whose prompt was read before another save of it, and takes the
 * recorded events into {@link outbox} on save. Ids are `prompt-1`, `prompt-2`, ...; {@link seed}
 * stores the prompts a test starts from.
 */
export class InMemoryPromptRepository extends PromptRepository {
  private readonly rows = new Map<string, PromptProps>();
  private readonly saved: PromptEvent[] = [];
  private ids = 0;

  /** Stores prompts as they are, as if saved long ago (no events): the "given" of a test. */
  seed(...prompts: Prompt[]): this {
    for (const prompt of prompts) this.rows.set(key(prompt.tenantId, prompt.id), prompt.toSnapshot());
    return this;
  }

  nextId(): string {
    this.ids += 1;
    return `prompt-${this.ids}`;
  }

  find(tenantId: string, promptId: string): Promise<Prompt | null> {
    const row = this.rows.get(key(tenantId, promptId));
    return Promise.resolve(row === undefined ? null : Prompt.restore(row));
  }

  findMany(tenantId: string, promptIds: readonly string[]): Promise<Prompt[]> {
    const wanted = new Set(promptIds);
    return Promise.resolve(this.ofTenant(tenantId).filter((p) => wanted.has(p.id)));
  }

  findByName(tenantId: string, name: string): Promise<Prompt | null> {
    const wanted = promptNameKey(name);
    return Promise.resolve(this.ofTenant(tenantId).find((p) => p.nameKey === wanted) ?? null);
  }

  findByRoles(tenantId: string, roles: readonly PromptRole[]): Promise<Prompt[]> {
    return Promise.resolve(this.ofTenant(tenantId).filter((p) => p.role !== null && roles.includes(p.role)));
  }

  list(tenantId: string, query: PromptListQuery): Promise<PromptPage> {
    const matching = this.ofTenant(tenantId)
      .filter((p) => query.role === undefined || p.role === query.role)
      .sort((a, b) => compare(a.nameKey, b.nameKey) || compare(a.id, b.id));
    return Promise.resolve({
      items: matching.slice(query.offset, query.offset + query.limit),
      total: matching.length,
    });
  }

  save(prompt: Prompt): Promise<void> {
    // Like the real adapter: a prompt with no recorded change is not written.
    if (prompt.peekEvents().length === 0) return Promise.resolve();
    const id = key(prompt.tenantId, prompt.id);
    const stored = this.rows.get(id)?.version ?? 0;
    if (stored !== prompt.storedVersion) {
      return Promise.reject(new PromptChangedConcurrently(prompt.id, prompt.storedVersion));
    }
    if (prompt.isDeleted) {
      this.rows.delete(id);
    } else {
      const clash = this.ofTenant(prompt.tenantId).find(
        (p) => p.nameKey === prompt.nameKey && p.id !== prompt.id,
      );
      if (clash) return Promise.reject(new PromptNameTaken(prompt.name, clash.id));
      this.rows.set(id, prompt.toSnapshot());
    }
    this.saved.push(...prompt.pullEvents());
    return Promise.resolve();
  }

  /** Every event saved so far, oldest first. */
  get outbox(): readonly PromptEvent[] {
    return [...this.saved];
  }

  /** Every stored prompt, as fresh aggregates. */
  all(): Prompt[] {
    return [...this.rows.values()].map((row) => Prompt.restore(row));
  }

  private ofTenant(tenantId: string): Prompt[] {
    return [...this.rows.values()]
      .filter((row) => row.tenantId === tenantId)
      .map((row) => Prompt.restore(row));
  }
}

function key(tenantId: string, promptId: string): string {
  return JSON.stringify([tenantId, promptId]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
