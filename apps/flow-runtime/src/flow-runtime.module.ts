import { Module } from '@nestjs/common';
import {
  AgentDirectory,
  FlowRepository,
  FlowSessionRepository,
  PresenceGateway,
  PromptCatalog,
} from '@tp/flow-domain';
import { PlatformModule, RowChanges } from '@tp/platform';
import { AddFlowVersionHandler } from './application/add-flow-version/add-flow-version.handler';
import { CreateFlowHandler } from './application/create-flow/create-flow.handler';
import { ExpiryNoticeHandler } from './application/expiry-notice/expiry-notice.handler';
import { FindFlowsUsingPromptsHandler } from './application/find-flows-using-prompts/find-flows-using-prompts.handler';
import { GetFlowVersionHandler } from './application/get-flow-version/get-flow-version.handler';
import { GetFlowHandler } from './application/get-flow/get-flow.handler';
import { ListFlowsHandler } from './application/list-flows/list-flows.handler';
import { PublishFlowVersionHandler } from './application/publish-flow-version/publish-flow-version.handler';
import { QueueResultHandler } from './application/queue-result/queue-result.handler';
import { SessionInputHandler } from './application/session-input/session-input.handler';
import { StartSessionHandler } from './application/start-session/start-session.handler';
import { ValidateFlowGraphHandler } from './application/validate-flow-graph/validate-flow-graph.handler';
import { flowRuntimeConfigProvider } from './flow-runtime.config';
import { flowRuntimeOrm } from './flow-runtime.orm';
import { CallerDirectoryReadModel } from './infrastructure/identity/caller-directory.read-model';
import { NatsAgentDirectory } from './infrastructure/identity/nats-agent-directory';
import { MediaPromptEventsListener } from './infrastructure/media/media-prompt-events.listener';
import { NatsPromptCatalog } from './infrastructure/media/nats-prompt-catalog';
import { FlowSessionRetention } from './infrastructure/persistence/flow-session.retention';
import { MikroOrmFlowSessionRepository } from './infrastructure/persistence/mikro-orm-flow-session.repository';
import { MikroOrmFlowRepository } from './infrastructure/persistence/mikro-orm-flow.repository';
import { NatsPresenceGateway } from './infrastructure/presence/nats-presence-gateway';
import { PresenceReadModel } from './infrastructure/presence/presence.read-model';
import { FlowRuntimeNatsController } from './interface/flow-runtime.nats.controller';
import { FlowsHttpController } from './interface/flows.http.controller';

/** Composition root of the flow-runtime app: the one place that binds ports to adapters. */
@Module({
  imports: [
    PlatformModule.forApp({
      app: { name: 'flow-runtime', schema: 'flow_runtime' },
      context: 'flow-runtime',
      orm: flowRuntimeOrm,
    }),
  ],
  controllers: [FlowsHttpController, FlowRuntimeNatsController],
  providers: [
    flowRuntimeConfigProvider,
    RowChanges,
    { provide: FlowRepository, useClass: MikroOrmFlowRepository },
    { provide: FlowSessionRepository, useClass: MikroOrmFlowSessionRepository },
    NatsAgentDirectory,
    CallerDirectoryReadModel,
    { provide: AgentDirectory, useExisting: CallerDirectoryReadModel },
    NatsPresenceGateway,
    PresenceReadModel,
    { provide: PresenceGateway, useExisting: PresenceReadModel },
    NatsPromptCatalog,
    { provide: PromptCatalog, useExisting: NatsPromptCatalog },
    MediaPromptEventsListener,
    FlowSessionRetention,
    CreateFlowHandler,
    ListFlowsHandler,
    GetFlowHandler,
    AddFlowVersionHandler,
    GetFlowVersionHandler,
    ValidateFlowGraphHandler,
    PublishFlowVersionHandler,
    FindFlowsUsingPromptsHandler,
    StartSessionHandler,
    SessionInputHandler,
    QueueResultHandler,
    ExpiryNoticeHandler,
  ],
})
export class FlowRuntimeModule {}
