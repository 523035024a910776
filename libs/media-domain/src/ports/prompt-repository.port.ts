import type { Prompt } from '../prompt';
import type { PromptRole } from '../prompt-role';

/** One page of a tenant's prompts, ordered by name (case ignored), then id. */
export interface PromptPage {
  readonly items: Prompt[];
  /** How many prompts match the filter in all. */
  readonly total: number;
}

export interface PromptListQuery {
  readonly role?: PromptRole;
  readonly limit: number;
  readonly offset: number;
}

/** Where a tenant's prompts are kept. Every read is scoped by tenant: another tenant's id finds nothing. */
export abstract class PromptRepository {
  /** A fresh id for a new prompt. */
  abstract nextId(): string;
  abstract find(tenantId: string, promptId: string): Promise<Prompt | null>;
  /** The prompts of the tenant among `promptIds`, in no particular order; unknown ids are left out. */
  abstract findMany(tenantId: string, promptIds: readonly string[]): Promise<Prompt[]>;
  /** The prompt whose name is `name` ignoring case and surrounding space, if any. */
  abstract findByName(tenantId: string, name: string): Promise<Prompt | null>;
  /** The tenant's prompts tagged with any of `roles`. */
  abstract findByRoles(tenantId: string, roles: readonly PromptRole[]): Promise<Prompt[]>;
  abstract list(tenantId: string, query: PromptListQuery): Promise<PromptPage>;
  /**
   * Stores the prompt (inserts, updates or, once deleted, removes it) and takes its recorded events
   * into the outbox, in one transaction. Throws {@link PromptChangedConcurrently} when the stored
   * version is no longer {@link Prompt.storedVersion}, and {@link PromptNameTaken} when another
   * prompt of the tenant has the name.
   */
  abstract save(prompt: Prompt): Promise<void>;
}
