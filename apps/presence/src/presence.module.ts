import { Module } from '@nestjs/common';
import { PlatformModule } from '@tp/platform';
import { PresenceRepository } from '@tp/timed-presence-domain';
import { AgentDirectory } from './application/ports/agent-directory.port';
import { ForceOnlineHandler } from './application/force-online/force-online.handler';
import { AgentSessionsHandler } from './application/agent-sessions/agent-sessions.handler';
import { GetPresenceHandler } from './application/get-presence/get-presence.handler';
import { GoOfflineHandler } from './application/go-offline/go-offline.handler';
import { GoOnlineHandler } from './application/go-online/go-online.handler';
import { ExtendWindowHandler } from './application/extend-window/extend-window.handler';
import { ListOnlineHandler } from './application/list-online/list-online.handler';
import { MarkAvailableHandler } from './application/mark-available/mark-available.handler';
import { MarkBusyHandler } from './application/mark-busy/mark-busy.handler';
import { StartBreakHandler } from './application/start-break/start-break.handler';
import { PresenceReadModel } from './application/ports/presence-read-model.port';
import { NatsAgentDirectory } from './infrastructure/identity/nats-agent-directory';
import { PresenceKvProjector } from './infrastructure/messaging/presence-kv.projector';
import { PresenceMetrics } from './infrastructure/observability/presence.metrics';
import { MikroOrmPresenceReadModel } from './infrastructure/persistence/mikro-orm-presence.read-model';
import { MikroOrmPresenceRepository } from './infrastructure/persistence/mikro-orm-presence.repository';
import { PresenceExpiryScheduler } from './infrastructure/scheduling/presence-expiry.scheduler';
import { JetStreamPresenceFeed } from './infrastructure/streaming/presence-board.feed';
import { PresenceBoardStreams } from './interface/presence-board.streams';
import { PresenceHttpController } from './interface/presence.http.controller';
import { OnlineHistoryHttpController } from './interface/online-history.http.controller';
import { OnlineHistoryHandler } from './application/online-history/online-history.handler';
import { AgentSkills, OnlineIntervals } from './application/online-history/online-history.port';
import { NatsAgentSkills } from './infrastructure/identity/nats-agent-skills';
import { SqlOnlineIntervals } from './infrastructure/persistence/sql-online-intervals';
import { PresenceNatsController } from './interface/presence.nats.controller';
import { ExportSessionsHandler } from './application/session-records/export-sessions';
import { ListSessionsHandler } from './application/session-records/list-sessions.handler';
import { SessionRecords } from './application/session-records/session-records.port';
import { SessionProjector } from './infrastructure/messaging/session.projector';
import { SqlSessionRecords } from './infrastructure/persistence/sql-session-records';
import { SessionsHttpController } from './interface/sessions.http.controller';
import { presenceConfigProvider } from './presence.config';
import { presenceOrm } from './presence.orm';

/** Composition root of the presence app: the one place that binds ports to adapters. */
@Module({
  imports: [
    PlatformModule.forApp({
      app: { name: 'presence', schema: 'presence' },
      context: 'presence',
      orm: presenceOrm,
    }),
  ],
  controllers: [
    PresenceHttpController,
    PresenceNatsController,
    OnlineHistoryHttpController,
    SessionsHttpController,
  ],
  providers: [
    presenceConfigProvider,
    { provide: PresenceRepository, useClass: MikroOrmPresenceRepository },
    { provide: PresenceReadModel, useClass: MikroOrmPresenceReadModel },
    { provide: AgentDirectory, useClass: NatsAgentDirectory },
    { provide: OnlineIntervals, useClass: SqlOnlineIntervals },
    { provide: AgentSkills, useClass: NatsAgentSkills },
    { provide: SessionRecords, useClass: SqlSessionRecords },
    ListSessionsHandler,
    ExportSessionsHandler,
    SessionProjector,
    OnlineHistoryHandler,
    GoOnlineHandler,
    ExtendWindowHandler,
    ForceOnlineHandler,
    GoOfflineHandler,
    MarkBusyHandler,
    StartBreakHandler,
    MarkAvailableHandler,
    GetPresenceHandler,
    ListOnlineHandler,
    AgentSessionsHandler,
    PresenceExpiryScheduler,
    PresenceKvProjector,
    PresenceMetrics,
    JetStreamPresenceFeed,
    PresenceBoardStreams,
  ],
})
export class PresenceModule {}
