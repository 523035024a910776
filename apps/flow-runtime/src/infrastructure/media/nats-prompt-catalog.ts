import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { Deadline } from '@tp/ddd';
import { GetPrompts, type PromptContentV1 } from '@tp/contracts';
import { DependencyUnavailable, PromptCatalog, type PromptContents } from '@tp/flow-domain';
import { NATS_RPC_CLIENT } from '@tp/platform';
import { FLOW_RUNTIME_CONFIG, type FlowRuntimeConfig } from '../../flow-runtime.config';
import { ask } from '../nats-ask';
import { PromptCache } from './prompt-cache';

/** media.cmd.get-prompts answers up to 50 ids at once. */
const BATCH = 50;
/** After media failed to answer, calls do without it for this long (cached or built-in wording). */
const REST_AFTER_FAILURE_MS = 5000;

/**
 * Media's prompts over NATS (`media.cmd.get-prompts`), cached per tenant and id for a short time
 * and dropped when media says a prompt changed or went. A call never fails for a prompt: what media
 * cannot deliver in time is served stale from the cache or left to the built-in wording, and after a
 * failure media is given a few seconds' rest so that every turn does not wait for it again.
 */
@Injectable()
export class NatsPromptCatalog extends PromptCatalog {
  private readonly logger = new Logger(NatsPromptCatalog.name);
  readonly cache: PromptCache;
  private restUntil = 0;

  constructor(
    @Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy,
    @Inject(FLOW_RUNTIME_CONFIG) private readonly config: FlowRuntimeConfig,
  ) {
    super();
    this.cache = new PromptCache(config.FLOW_RUNTIME_PROMPT_CACHE_TTL_MS);
  }

  async contents(
    tenantId: string,
    promptIds: readonly string[],
    deadline: Deadline,
  ): Promise<PromptContents> {
    const found = new Map<string, PromptContentV1>();
    const ids = [...new Set(promptIds)];
    const wanted: string[] = [];
    for (const id of ids) {
      const cached = this.cache.get(tenantId, id);
      if (cached === undefined) wanted.push(id);
      else if (cached.content !== null) found.set(id, cached.content);
    }
    if (wanted.length === 0) return found;
    if (performance.now() >= this.restUntil) {
      // A turn that left media only a sliver of its time says nothing about media's health.
      const fullTime = deadline.remainingMs() >= this.config.FLOW_RUNTIME_PROMPT_TIMEOUT_MS;
      try {
        for (let i = 0; i < wanted.length; i += BATCH) {
          const batch = wanted.slice(i, i + BATCH);
          const reply = await ask(
            this.client,
            GetPrompts,
            { tenantId, ids: batch },
            'media',
            deadline,
            this.config.FLOW_RUNTIME_PROMPT_TIMEOUT_MS,
          );
          for (const prompt of reply.prompts) {
            this.cache.put(tenantId, prompt.id, prompt.content, prompt.version);
            found.set(prompt.id, prompt.content);
          }
          for (const id of reply.missing) this.cache.put(tenantId, id, null);
        }
        return found;
      } catch (error) {
        if (!(error instanceof DependencyUnavailable)) throw error;
        if (fullTime) this.restUntil = performance.now() + REST_AFTER_FAILURE_MS;
        this.logger.warn(
          `tenant ${tenantId}: prompts from cache or built-in wording for a while: ${error.message}`,
        );
      }
    }
    for (const id of wanted) {
      const stale = this.cache.get(tenantId, id, true)?.content;
      if (stale && !found.has(id)) found.set(id, stale);
    }
    return found;
  }

  async missing(tenantId: string, promptIds: readonly string[]): Promise<string[]> {
    const ids = [...new Set(promptIds)];
    const missing: string[] = [];
    const deadline = Deadline.after(this.config.FLOW_RUNTIME_PUBLISH_CHECK_TIMEOUT_MS);
    for (let i = 0; i < ids.length; i += BATCH) {
      const reply = await ask(
        this.client,
        GetPrompts,
        { tenantId, ids: ids.slice(i, i + BATCH) },
        'media',
        deadline,
      );
      for (const prompt of reply.prompts) this.cache.put(tenantId, prompt.id, prompt.content, prompt.version);
      missing.push(...reply.missing);
    }
    return missing;
  }

  /** Media said a prompt of the tenant was created, changed or deleted (its new version). */
  forget(tenantId: string, promptId: string, version: number): void {
    this.cache.forget(tenantId, promptId, version);
  }
}
