import type { Provider, Type } from '@nestjs/common';
import { RowChanges } from '@tp/platform';
import {
  CallLog,
  DispatchMappingRepository,
  FlowCatalog,
  NoticeCallRepository,
  TwilioAccountRepository,
} from '@tp/dispatch-domain';
import { DISPATCH_CONFIG, type DispatchConfig } from '../dispatch.config';
import { AnswerCallHandler } from './application/answer-call/answer-call.handler';
import { AssignContactPointHandler } from './application/assign-contact-point/assign-contact-point.handler';
import { ContactPointPolicy } from './application/contact-points/contact-point.policy';
import { ListContactPointsHandler } from './application/list-contact-points/list-contact-points.handler';
import { ContactPointAssignments } from './application/ports/contact-point-assignments.port';
import { OwnedNumbers } from './application/ports/owned-numbers.port';
import { ReleaseContactPointHandler } from './application/release-contact-point/release-contact-point.handler';
import { MikroOrmContactPointAssignments } from './infrastructure/persistence/mikro-orm-contact-point-assignments';
import { TwilioRestOwnedNumbers } from './infrastructure/twilio/twilio-rest.owned-numbers';
import { ContactPointsHttpController } from './interface/http/contact-points.http.controller';
import { CallTurns } from './application/call-turns';
import { ClearTwilioAccountHandler } from './application/clear-twilio-account/clear-twilio-account.handler';
import { ContinueCallHandler } from './application/continue-call/continue-call.handler';
import { CreateMappingHandler } from './application/create-mapping/create-mapping.handler';
import { DeleteMappingHandler } from './application/delete-mapping/delete-mapping.handler';
import { EndQueueWaitHandler } from './application/end-queue-wait/end-queue-wait.handler';
import { GetMappingHandler } from './application/get-mapping/get-mapping.handler';
import { GetTwilioAccountHandler } from './application/get-twilio-account/get-twilio-account.handler';
import { ListMappingsHandler } from './application/list-mappings/list-mappings.handler';
import { MappingChecks } from './application/mapping-checks';
import { NotifyExpiredAgentHandler } from './application/notify-expired-agent/notify-expired-agent.handler';
import { PlayExpiryNoticeHandler } from './application/play-expiry-notice/play-expiry-notice.handler';
import { FlowSessions } from './application/ports/flow-sessions.port';
import { RecordCallStatusHandler } from './application/record-call-status/record-call-status.handler';
import { SetTwilioAccountHandler } from './application/set-twilio-account/set-twilio-account.handler';
import { UpdateMappingHandler } from './application/update-mapping/update-mapping.handler';
import { WebhookOrigins } from './application/webhook-origins';
import { AesGcmTokenCipher } from './infrastructure/crypto/aes-gcm-token.cipher';
import { NatsFlowCatalog } from './infrastructure/flow-runtime/nats-flow-catalog';
import { NatsFlowSessions } from './infrastructure/flow-runtime/nats-flow-sessions';
import { ExpiryNoticeConsumer } from './infrastructure/messaging/expiry-notice.consumer';
import { MikroOrmCallLog } from './infrastructure/persistence/mikro-orm-call.log';
import { MikroOrmDispatchMappingRepository } from './infrastructure/persistence/mikro-orm-dispatch-mapping.repository';
import { MikroOrmNoticeCallRepository } from './infrastructure/persistence/mikro-orm-notice-call.repository';
import { MikroOrmTwilioAccountRepository } from './infrastructure/persistence/mikro-orm-twilio-account.repository';
import { TwimlRenderer } from './infrastructure/twilio/twiml.renderer';
import { DispatchMappingsHttpController } from './interface/http/dispatch-mappings.http.controller';
import { TwilioAccountHttpController } from './interface/http/twilio-account.http.controller';
import { TwilioAnswers } from './interface/twilio/twilio-answers';
import { TwilioCallsHttpController } from './interface/twilio/twilio-calls.http.controller';
import { TwilioOffersHttpController } from './interface/twilio/twilio-offers.http.controller';
import { TwilioQueueHttpController } from './interface/twilio/twilio-queue.http.controller';
import { TwilioSignatureGuard } from './interface/twilio/twilio-signature.guard';
import { TwilioWebhookFilter } from './interface/twilio/twilio-webhook.filter';
import { TwilioWebhookMetrics } from './interface/twilio/twilio-webhook.metrics';
import { WebhookLoadShedder } from './interface/twilio/webhook-load-shedder';
import {
  AgentDirectory,
  AgentPresenceCommands,
  AgentWindows,
  ReceivedSmsLog,
  SentSmsLog,
  SmsOptOuts,
  SmsSender,
  SmsSettingsRepository,
} from './application/ports/sms.ports';
import { AgentSms } from './application/sms/agent-sms';
import { ReceiveSmsHandler } from './application/receive-sms/receive-sms.handler';
import { SendDueRemindersHandler } from './application/send-due-reminders/send-due-reminders.handler';
import {
  GetSmsSettingsHandler,
  SetSmsSettingsHandler,
} from './application/sms-settings/sms-settings.handlers';
import { TrackAgentWindowHandler } from './application/track-agent-window/track-agent-window.handler';
import { PostgresAgentWindows } from './infrastructure/persistence/postgres-agent-windows';
import {
  PostgresReceivedSmsLog,
  PostgresSentSmsLog,
  PostgresSmsOptOuts,
  PostgresSmsSettings,
} from './infrastructure/persistence/postgres-sms.logs';
import { NatsAgentDirectory } from './infrastructure/sms/nats-agent-directory';
import { NatsAgentPresenceCommands } from './infrastructure/sms/nats-agent-presence.commands';
import { SmsPresenceConsumer } from './infrastructure/sms/sms-presence.consumer';
import { SmsReminderScheduler } from './infrastructure/sms/sms-reminder.scheduler';
import { TwilioRestSmsSender } from './infrastructure/twilio/twilio-rest.sms-sender';
import { SmsSettingsHttpController } from './interface/http/sms-settings.http.controller';
import { TwilioSmsHttpController } from './interface/twilio/twilio-sms.http.controller';

/** SMS around the agent's window (ADR 28): settings, windows, the reminder scheduler, replies. */
const smsProviders: Provider[] = [
  { provide: SmsSettingsRepository, useClass: PostgresSmsSettings },
  { provide: AgentWindows, useClass: PostgresAgentWindows },
  { provide: SentSmsLog, useClass: PostgresSentSmsLog },
  { provide: ReceivedSmsLog, useClass: PostgresReceivedSmsLog },
  { provide: SmsOptOuts, useClass: PostgresSmsOptOuts },
  { provide: SmsSender, useClass: TwilioRestSmsSender },
  { provide: AgentDirectory, useClass: NatsAgentDirectory },
  { provide: AgentPresenceCommands, useClass: NatsAgentPresenceCommands },
  AgentSms,
  TrackAgentWindowHandler,
  SendDueRemindersHandler,
  ReceiveSmsHandler,
  GetSmsSettingsHandler,
  SetSmsSettingsHandler,
  SmsPresenceConsumer,
  SmsReminderScheduler,
];

/** The edge's HTTP controllers: the admin API and Twilio's webhooks. */
export const edgeControllers: Type[] = [
  DispatchMappingsHttpController,
  TwilioAccountHttpController,
  ContactPointsHttpController,
  TwilioCallsHttpController,
  TwilioQueueHttpController,
  TwilioOffersHttpController,
  TwilioSmsHttpController,
  SmsSettingsHttpController,
];

/** The Twilio edge: mappings, Twilio accounts, webhooks in and TwiML out, expiry notices. */
export const edgeProviders: Provider[] = [
  {
    provide: AesGcmTokenCipher,
    inject: [DISPATCH_CONFIG],
    useFactory: (config: DispatchConfig) => new AesGcmTokenCipher(config.tokenEncryptionKey),
  },
  RowChanges,
  { provide: DispatchMappingRepository, useClass: MikroOrmDispatchMappingRepository },
  { provide: TwilioAccountRepository, useClass: MikroOrmTwilioAccountRepository },
  { provide: CallLog, useClass: MikroOrmCallLog },
  { provide: NoticeCallRepository, useClass: MikroOrmNoticeCallRepository },
  { provide: FlowCatalog, useClass: NatsFlowCatalog },
  { provide: FlowSessions, useClass: NatsFlowSessions },
  { provide: ContactPointAssignments, useClass: MikroOrmContactPointAssignments },
  { provide: OwnedNumbers, useClass: TwilioRestOwnedNumbers },
  ContactPointPolicy,
  AssignContactPointHandler,
  ReleaseContactPointHandler,
  ListContactPointsHandler,
  WebhookOrigins,
  MappingChecks,
  CallTurns,
  TwimlRenderer,
  TwilioWebhookMetrics,
  WebhookLoadShedder,
  TwilioAnswers,
  TwilioSignatureGuard,
  TwilioWebhookFilter,
  ExpiryNoticeConsumer,
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
  EndQueueWaitHandler,
  RecordCallStatusHandler,
  PlayExpiryNoticeHandler,
  NotifyExpiredAgentHandler,
  ...smsProviders,
];
