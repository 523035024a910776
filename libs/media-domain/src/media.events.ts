import type { PromptContent } from './prompt-content';
import type { PromptRole } from './prompt-role';

/** A prompt as events carry it and views show it: plain data, times as ISO-8601 UTC. */
export interface PromptData {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly role: PromptRole | null;
  readonly content: PromptContent;
  /** 1 when created, +1 with every change; a deletion has the next number too. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The parts of a prompt a change can touch. */
export type PromptField = 'name' | 'role' | 'content';

/** A prompt was created. */
export class PromptCreated {
  readonly type = 'prompt-created' as const;
  constructor(
    readonly prompt: PromptData,
    readonly occurredAt: string,
  ) {}
  get tenantId(): string {
    return this.prompt.tenantId;
  }
  get promptId(): string {
    return this.prompt.id;
  }
  get version(): number {
    return this.prompt.version;
  }
}

/** A prompt's name, role or content changed; `prompt` is its state after the change. */
export class PromptChanged {
  readonly type = 'prompt-changed' as const;
  constructor(
    readonly prompt: PromptData,
    readonly changed: readonly PromptField[],
    readonly occurredAt: string,
  ) {}
  get tenantId(): string {
    return this.prompt.tenantId;
  }
  get promptId(): string {
    return this.prompt.id;
  }
  get version(): number {
    return this.prompt.version;
  }
}

/** A prompt was deleted; `version` is one more than its last stored version. */
export class PromptDeleted {
  readonly type = 'prompt-deleted' as const;
  constructor(
    readonly tenantId: string,
    readonly promptId: string,
    readonly name: string,
    readonly version: number,
    readonly occurredAt: string,
  ) {}
}

export type PromptEvent = PromptCreated | PromptChanged | PromptDeleted;
