import { Controller } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ExpiryNotice,
  FindFlowsUsingPrompts,
  GetFlow,
  SessionInput,
  SessionQueueResult,
  StartSession,
  type FindFlowsUsingPromptsReply,
  type RpcResult,
  type SessionTurn,
} from '@tp/contracts';
import { FlowNotFound } from '@tp/flow-domain';
import { serveRpc, withLogFields } from '@tp/platform';
import type { z } from 'zod';
import { ExpiryNoticeQuery, type ExpiryNoticeView } from '../application/expiry-notice/expiry-notice.query';
import { FindFlowsUsingPromptsQuery } from '../application/find-flows-using-prompts/find-flows-using-prompts.query';
import { GetFlowQuery } from '../application/get-flow/get-flow.query';
import { QueueResultCommand } from '../application/queue-result/queue-result.command';
import { SessionInputCommand } from '../application/session-input/session-input.command';
import { StartSessionCommand } from '../application/start-session/start-session.command';

type GetFlowReply = z.infer<typeof GetFlow.reply>;

/**
 * What flow-runtime answers over NATS (queue group `flow-runtime`): translation only. Session
 * requests log with their tenant, call SID or session id on every line.
 */
@Controller()
export class FlowRuntimeNatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @MessagePattern(StartSession.subject)
  startSession(@Payload() payload: unknown): Promise<RpcResult<SessionTurn>> {
    return serveRpc(StartSession, payload, (r, deadline) =>
      withLogFields({ tenantId: r.tenantId, callSid: r.callSid }, () =>
        this.commands.execute(
          new StartSessionCommand(
            r.tenantId,
            r.flowId,
            r.callSid,
            r.from,
            r.stirVerstat,
            deadline.remainingMs(),
          ),
        ),
      ),
    );
  }

  @MessagePattern(SessionInput.subject)
  sessionInput(@Payload() payload: unknown): Promise<RpcResult<SessionTurn>> {
    return serveRpc(SessionInput, payload, (r, deadline) =>
      withLogFields({ tenantId: r.tenantId, sessionId: r.sessionId }, () =>
        this.commands.execute(
          new SessionInputCommand(r.tenantId, r.sessionId, r.turn, r.digits, deadline.remainingMs()),
        ),
      ),
    );
  }

  @MessagePattern(SessionQueueResult.subject)
  queueResult(@Payload() payload: unknown): Promise<RpcResult<SessionTurn>> {
    return serveRpc(SessionQueueResult, payload, (r, deadline) =>
      withLogFields({ tenantId: r.tenantId, sessionId: r.sessionId }, () =>
        this.commands.execute(
          new QueueResultCommand(r.tenantId, r.sessionId, r.turn, r.outcome, deadline.remainingMs()),
        ),
      ),
    );
  }

  @MessagePattern(GetFlow.subject)
  getFlow(@Payload() payload: unknown): Promise<RpcResult<GetFlowReply>> {
    return serveRpc(GetFlow, payload, async ({ tenantId, flowId }) => {
      try {
        const flow = await this.queries.execute(new GetFlowQuery(tenantId, flowId));
        return {
          found: true as const,
          flowId: flow.id,
          name: flow.name,
          type: flow.type,
          publishedVersion: flow.publishedVersion,
        };
      } catch (error) {
        if (error instanceof FlowNotFound) return { found: false as const };
        throw error;
      }
    });
  }

  @MessagePattern(FindFlowsUsingPrompts.subject)
  findFlowsUsingPrompts(@Payload() payload: unknown): Promise<RpcResult<FindFlowsUsingPromptsReply>> {
    return serveRpc(FindFlowsUsingPrompts, payload, async ({ tenantId, promptIds }) => ({
      flows: await this.queries.execute(new FindFlowsUsingPromptsQuery(tenantId, promptIds)),
    }));
  }

  @MessagePattern(ExpiryNotice.subject)
  expiryNotice(@Payload() payload: unknown): Promise<RpcResult<ExpiryNoticeView>> {
    return serveRpc(ExpiryNotice, payload, ({ tenantId, agentId }) =>
      this.queries.execute(new ExpiryNoticeQuery(tenantId, agentId)),
    );
  }
}
