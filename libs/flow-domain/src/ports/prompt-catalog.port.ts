import type { PromptContents } from '../channel-steps';
import type { Deadline } from '@tp/ddd';

/** The tenant's prompts (the media app). */
export abstract class PromptCatalog {
  /**
   * What the prompts play, by id. An id media does not have, or that it could not deliver in time,
   * is simply absent: a call then speaks the built-in wording rather than failing.
   */
  abstract contents(
    tenantId: string,
    promptIds: readonly string[],
    deadline: Deadline,
  ): Promise<PromptContents>;
  /**
   * The ids among `promptIds` the tenant has no prompt for, asked of media now (for publishing).
   * Throws `FLOW.DEPENDENCY_UNAVAILABLE` when media does not answer.
   */
  abstract missing(tenantId: string, promptIds: readonly string[]): Promise<string[]>;
}
