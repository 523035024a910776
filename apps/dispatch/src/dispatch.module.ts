import { Module } from '@nestjs/common';
import {
  CallLog,
  DispatchMappingRepository,
  FlowCatalog,
  NoticeCallRepository,
  TwilioAccountRepository,
} from '@tp/dispatch-domain';
import { PlatformModule } from '@tp/platform';
import { AnswerCallHandler } from './application/answer-call/answer-call.handler';
import { ClearTwilioAccountHandler } from './application/clear-twilio-account/clear-twilio-account.handler';
import { ContinueCallHandler } from './application/continue-call/continue-call.handler';
import { CreateMappingHandler } from './application/create-mapping/create-mapping.handler';
import { DeleteMappingHandler } from './application/delete-mapping/delete-mapping.handler';
import { GetMappingHandler } from './application/get-mapping/get-mapping.handler';
import { GetTwilioAccountHandler } from './application/get-twilio-account/get-twilio-account.handler';
import { ListMappingsHandler } from './application/list-mappings/list-mappings.handler';
import { MappingChecks } from './application/mapping-checks';
import { NotifyExpiredAgentHandler } from './application/notify-expired-agent/notify-expired-agent.handler';
import { PlayExpiryNoticeHandler } from './application/play-expiry-notice/play-expiry-notice.handler';
import { AgentContacts } from './application/ports/agent-contacts.port';
import { AgentReservations } from './application/ports/agent-reservations.port';
import { FlowSessions } from './application/ports/flow-sessions.port';
import { OutboundCalls } from './application/ports/outbound-calls.port';
import { PresenceCommands } from './application/ports/presence-commands.port';
import { QueueMembers } from './application/ports/queue-members.port';
import { RingingOffers } from './application/ports/ringing-offers.port';
import { RoutingQueue } from './application/ports/routing-queue.port';
import { WaitDeadlines } from './application/ports/wait-deadlines.port';
import { MaxWaitEnforcer } from './application/routing/max-wait-enforcer';
import { OfferEngine } from './application/routing/offer-engine';
import { QueueCalls } from './application/routing/queue-calls';
import { PublicUrls } from './application/public-urls';
import { RecordCallStatusHandler } from './application/record-call-status/record-call-status.handler';
import { SetTwilioAccountHandler } from './application/set-twilio-account/set-twilio-account.handler';
import { TwilioCredentialsSource } from './application/twilio-credentials.source';
import { UpdateMappingHandler } from './application/update-mapping/update-mapping.handler';
import { WebhookOrigins } from './application/webhook-origins';
import { DISPATCH_CONFIG, dispatchConfigProvider, type DispatchConfig } from './dispatch.config';
import { dispatchOrm } from './dispatch.orm';
import { AesGcmTokenCipher } from './infrastructure/crypto/aes-gcm-token.cipher';
import { NatsFlowCatalog } from './infrastructure/flow-runtime/nats-flow-catalog';
import { NatsFlowSessions } from './infrastructure/flow-runtime/nats-flow-sessions';
import { NatsAgentContacts } from './infrastructure/identity/nats-agent-contacts';
import { ExpiryNoticeConsumer } from './infrastructure/messaging/expiry-notice.consumer';
import {
  RoutingIdentityConsumer,
  RoutingPresenceConsumer,
} from './infrastructure/messaging/routing-read-model.consumers';
import { MikroOrmCallLog } from './infrastructure/persistence/mikro-orm-call.log';
import { MikroOrmDispatchMappingRepository } from './infrastructure/persistence/mikro-orm-dispatch-mapping.repository';
import { MikroOrmNoticeCallRepository } from './infrastructure/persistence/mikro-orm-notice-call.repository';
import { MikroOrmTwilioAccountRepository } from './infrastructure/persistence/mikro-orm-twilio-account.repository';
import { PostgresAgentReservations } from './infrastructure/persistence/postgres-agent-reservations';
import { PostgresRoutingQueue } from './infrastructure/persistence/postgres-routing-queue';
import { RoutingAgentMirror } from './infrastructure/persistence/routing-agent-mirror';
import { PostgresWaitDeadlines } from './infrastructure/persistence/postgres-wait-deadlines';
import { NatsPresenceCommands } from './infrastructure/presence/nats-presence-commands';
import { RoutingTicker } from './infrastructure/scheduling/routing.ticker';
import { RoutingMetrics } from './infrastructure/observability/routing.metrics';
import { TwimlRenderer } from './infrastructure/twilio/twiml.renderer';
import { TwilioRestOutboundCalls } from './infrastructure/twilio/twilio-rest.outbound-calls';
import { TwilioRestQueueMembers } from './infrastructure/twilio/twilio-rest.queue-members';
import { DispatchMappingsHttpController } from './interface/dispatch-mappings.http.controller';
import { TwilioAccountHttpController } from './interface/twilio-account.http.controller';
import { TwilioSignatureGuard } from './interface/twilio/twilio-signature.guard';
import { TwilioVoiceHttpController } from './interface/twilio/twilio-voice.http.controller';
import { TwilioWebhookFilter } from './interface/twilio/twilio-webhook.filter';
import { TwilioWebhookMetrics } from './interface/twilio/twilio-webhook.metrics';

/** Composition root of the dispatch app: the one place that binds ports to adapters. */
@Module({
  imports: [
    PlatformModule.forApp({
      app: { name: 'dispatch', schema: 'dispatch' },
      context: 'dispatch',
      orm: dispatchOrm,
    }),
  ],
  controllers: [DispatchMappingsHttpController, TwilioAccountHttpController, TwilioVoiceHttpController],
  providers: [
    dispatchConfigProvider,
    {
      provide: AesGcmTokenCipher,
      inject: [DISPATCH_CONFIG],
      useFactory: (config: DispatchConfig) => new AesGcmTokenCipher(config.tokenEncryptionKey),
    },
    { provide: DispatchMappingRepository, useClass: MikroOrmDispatchMappingRepository },
    { provide: TwilioAccountRepository, useClass: MikroOrmTwilioAccountRepository },
    { provide: CallLog, useClass: MikroOrmCallLog },
    { provide: NoticeCallRepository, useClass: MikroOrmNoticeCallRepository },
    { provide: FlowCatalog, useClass: NatsFlowCatalog },
    { provide: FlowSessions, useClass: NatsFlowSessions },
    { provide: AgentContacts, useClass: NatsAgentContacts },
    { provide: OutboundCalls, useClass: TwilioRestOutboundCalls },
    { provide: AgentReservations, useClass: PostgresAgentReservations },
    RoutingAgentMirror,
    { provide: RoutingQueue, useClass: PostgresRoutingQueue },
    { provide: WaitDeadlines, useClass: PostgresWaitDeadlines },
    { provide: QueueMembers, useClass: TwilioRestQueueMembers },
    { provide: PresenceCommands, useClass: NatsPresenceCommands },
    OfferEngine,
    { provide: RingingOffers, useExisting: OfferEngine },
    MaxWaitEnforcer,
    QueueCalls,
    RoutingTicker,
    RoutingMetrics,
    TwilioCredentialsSource,
    PublicUrls,
    WebhookOrigins,
    MappingChecks,
    TwimlRenderer,
    TwilioWebhookMetrics,
    TwilioSignatureGuard,
    TwilioWebhookFilter,
    ExpiryNoticeConsumer,
    RoutingPresenceConsumer,
    RoutingIdentityConsumer,
    CreateMappingHandler,
    UpdateMappingHandler,
    DeleteMappingHandler,
    GetMappingHandler,
    ListMappingsHandler,
    SetTwilioAccountHandler,
    ClearTwilioAccountHandler,
    GetTwilioAccountHandler,
    AnswerCallHandler,
    ContinueCallHandler,
    RecordCallStatusHandler,
    PlayExpiryNoticeHandler,
    NotifyExpiredAgentHandler,
  ],
})
export class DispatchModule {}
