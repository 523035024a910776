import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { GetFlow } from '@tp/contracts';
import { FlowCatalog, FlowCheckUnavailable, type FlowSummary } from '@tp/dispatch-domain';
import { callRpc, NATS_RPC_CLIENT, PeerUnavailable, RemoteError } from '@tp/platform';

/** How long an admin request waits for flow-runtime to describe a flow. */
export const FLOW_CHECK_TIMEOUT_MS = 2000;

/**
 * Asks flow-runtime about a flow (`flow-runtime.cmd.get-flow`). Any failure to get a valid answer
 * (no responder, a timeout, a coded error, a reply out of contract) is {@link FlowCheckUnavailable}:
 * a mapping is never saved to an unchecked flow.
 */
@Injectable()
export class NatsFlowCatalog extends FlowCatalog {
  private readonly logger = new Logger(NatsFlowCatalog.name);

  constructor(@Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy) {
    super();
  }

  async findFlow(tenantId: string, flowId: string): Promise<FlowSummary | null> {
    try {
      const reply = await callRpc(this.client, GetFlow, { tenantId, flowId }, FLOW_CHECK_TIMEOUT_MS);
      return reply.found
        ? { flowId: reply.flowId, name: reply.name, publishedVersion: reply.publishedVersion }
        : null;
    } catch (error) {
      const cause =
        error instanceof PeerUnavailable
          ? `flow-runtime did not answer within ${FLOW_CHECK_TIMEOUT_MS} ms`
          : error instanceof RemoteError
            ? `flow-runtime answered ${error.code}`
            : 'flow-runtime answered outside its contract';
      this.logger.warn(`flow check failed for tenant ${tenantId}: ${cause}`);
      throw new FlowCheckUnavailable(flowId, cause);
    }
  }
}
