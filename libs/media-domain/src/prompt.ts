import { AggregateRoot } from '@tp/ddd';
import { PromptNotFound, PromptStateInvalid, PromptVersionMismatch } from './media.errors';
import {
  PromptChanged,
  PromptCreated,
  PromptDeleted,
  type PromptData,
  type PromptEvent,
  type PromptField,
} from './media.events';
import {
  parsePromptContent,
  parsePromptName,
  promptNameKey,
  sameContent,
  type PromptContent,
} from './prompt-content';
import { isPromptRole, parsePromptRole, type PromptRole } from './prompt-role';

/** Everything a repository stores about one prompt. */
export interface PromptProps {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly role: PromptRole | null;
  readonly content: PromptContent;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A new prompt as an admin describes it; every field is checked. */
export interface NewPrompt {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly role?: string | null;
  readonly content: PromptContent;
}

/** What an admin may change; an absent field stays, `role: null` removes the role. */
export interface PromptChanges {
  readonly name?: string;
  readonly role?: string | null;
  readonly content?: PromptContent;
}

/**
 * A prompt the IVR plays, owned by one tenant and shared by its flows: text-to-speech (text,
 * voice, language) or an https audio URL, with an optional role tag for discoverability. Every
 * change bumps `version` by one and records one event; a change that changes nothing records none.
 */
export class Prompt extends AggregateRoot<PromptEvent> {
  private deleted = false;

  private constructor(private props: PromptProps) {
    super();
  }

  static create(input: NewPrompt, now: Date): Prompt {
    const prompt = new Prompt({
      id: input.id,
      tenantId: input.tenantId,
      name: parsePromptName(input.name),
      role: parsePromptRole(input.role),
      content: parsePromptContent(input.content),
      version: 1,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    });
    prompt.record(new PromptCreated(prompt.toData(), now.toISOString()));
    return prompt;
  }

  /** Rebuilds a stored prompt; throws {@link PromptStateInvalid} when the row breaks an invariant. */
  static restore(props: PromptProps): Prompt {
    const invalid = (problem: string): never => {
      throw new PromptStateInvalid(problem, { tenantId: props.tenantId, promptId: props.id });
    };
    if (!Number.isInteger(props.version) || props.version < 1)
      invalid('the version is not a whole number from 1');
    if (props.role !== null && !isPromptRole(props.role)) invalid('unknown role');
    if (props.content.kind !== 'tts' && props.content.kind !== 'audio') invalid('unknown content kind');
    if (Number.isNaN(props.createdAt.getTime()) || Number.isNaN(props.updatedAt.getTime()))
      invalid('a time is not a date');
    return new Prompt(copy(props));
  }

  get id(): string {
    return this.props.id;
  }
  get tenantId(): string {
    return this.props.tenantId;
  }
  get name(): string {
    return this.props.name;
  }
  /** The name as uniqueness sees it (case and surrounding space ignored). */
  get nameKey(): string {
    return promptNameKey(this.props.name);
  }
  get role(): PromptRole | null {
    return this.props.role;
  }
  get content(): PromptContent {
    return { ...this.props.content };
  }
  get version(): number {
    return this.props.version;
  }
  get isDeleted(): boolean {
    return this.deleted;
  }
  /**
   * The version the store holds: the current one minus the changes recorded since (0 for a prompt
   * never stored). A repository writes only if the stored row still has it.
   */
  get storedVersion(): number {
    return this.props.version - this.peekEvents().length;
  }

  /** Refuses to go on when the admin edited an older version than the current one. */
  assertVersion(expected: number | undefined): void {
    if (expected !== undefined && expected !== this.props.version)
      throw new PromptVersionMismatch(this.props.id, expected, this.props.version);
  }

  /** Applies the changes that differ from the current state; returns the fields that changed. */
  change(changes: PromptChanges, now: Date): PromptField[] {
    this.assertNotDeleted();
    const next = { ...this.props };
    const changed: PromptField[] = [];
    if (changes.name !== undefined) {
      const name = parsePromptName(changes.name);
      if (name !== next.name) {
        next.name = name;
        changed.push('name');
      }
    }
    if (changes.role !== undefined) {
      const role = parsePromptRole(changes.role);
      if (role !== next.role) {
        next.role = role;
        changed.push('role');
      }
    }
    if (changes.content !== undefined) {
      const content = parsePromptContent(changes.content);
      if (!sameContent(content, next.content)) {
        next.content = content;
        changed.push('content');
      }
    }
    if (changed.length === 0) return changed;
    this.props = { ...next, version: next.version + 1, updatedAt: new Date(now) };
    this.record(new PromptChanged(this.toData(), changed, now.toISOString()));
    return changed;
  }

  /** Marks the prompt deleted (the repository removes it); deleting twice records nothing more. */
  delete(now: Date): void {
    if (this.deleted) return;
    this.deleted = true;
    this.props = { ...this.props, version: this.props.version + 1, updatedAt: new Date(now) };
    this.record(
      new PromptDeleted(
        this.props.tenantId,
        this.props.id,
        this.props.name,
        this.props.version,
        now.toISOString(),
      ),
    );
  }

  /** The stored form, with copies of the dates. */
  toSnapshot(): PromptProps {
    return copy(this.props);
  }

  /** The prompt as plain data for views and events. */
  toData(): PromptData {
    return {
      id: this.props.id,
      tenantId: this.props.tenantId,
      name: this.props.name,
      role: this.props.role,
      content: { ...this.props.content },
      version: this.props.version,
      createdAt: this.props.createdAt.toISOString(),
      updatedAt: this.props.updatedAt.toISOString(),
    };
  }

  private assertNotDeleted(): void {
    if (this.deleted) throw new PromptNotFound(this.props.id);
  }
}

function copy(props: PromptProps): PromptProps {
  return {
    ...props,
    content: { ...props.content },
    createdAt: new Date(props.createdAt),
    updatedAt: new Date(props.updatedAt),
  };
}
