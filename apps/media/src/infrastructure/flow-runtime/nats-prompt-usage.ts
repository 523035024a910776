import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { FindFlowsUsingPrompts } from '@tp/contracts';
import { PromptUsage, PromptUsageUnknown, type FlowRef } from '@tp/media-domain';
import { callRpc, NATS_RPC_CLIENT, PeerUnavailable, RemoteError } from '@tp/platform';
import { MEDIA_CONFIG, type MediaConfig } from '../../media.config';

/**
 * Asks flow-runtime which published flows play the prompts (`flow-runtime.cmd.find-flows-using-prompts`).
 * Any failure to get a valid answer (no responder, a timeout, a coded error, a reply out of
 * contract) is {@link PromptUsageUnknown}: a prompt is never deleted unchecked.
 */
@Injectable()
export class NatsPromptUsage extends PromptUsage {
  private readonly logger = new Logger(NatsPromptUsage.name);

  constructor(
    @Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy,
    @Inject(MEDIA_CONFIG) private readonly config: MediaConfig,
  ) {
    super();
  }

  async flowsUsing(tenantId: string, promptIds: readonly string[]): Promise<FlowRef[]> {
    try {
      const reply = await callRpc(
        this.client,
        FindFlowsUsingPrompts,
        { tenantId, promptIds: [...promptIds] },
        this.config.MEDIA_USAGE_CHECK_TIMEOUT_MS,
      );
      return reply.flows;
    } catch (error) {
      const cause =
        error instanceof PeerUnavailable
          ? `flow-runtime did not answer within ${this.config.MEDIA_USAGE_CHECK_TIMEOUT_MS} ms`
          : error instanceof RemoteError
            ? `flow-runtime answered ${error.code}`
            : 'flow-runtime answered outside its contract';
      this.logger.warn(`prompt usage check failed for tenant ${tenantId}: ${cause}`);
      throw new PromptUsageUnknown(promptIds, cause);
    }
  }
}
