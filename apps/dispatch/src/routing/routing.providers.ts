import type { Provider } from '@nestjs/common';
import { AgentLegs } from './application/agent-legs';
import { MaxWaitEnforcer } from './application/max-wait-enforcer';
import { OfferEngine } from './application/offer-engine';
import { AgentReservations } from './application/ports/agent-reservations.port';
import { PresenceCommands } from './application/ports/presence-commands.port';
import { QueueMembers } from './application/ports/queue-members.port';
import { RingingOffers } from './application/ports/ringing-offers.port';
import { RoutingQueue } from './application/ports/routing-queue.port';
import { WaitDeadlines } from './application/ports/wait-deadlines.port';
import { QueueCalls } from './application/queue-calls';
import { RoutingMetrics } from './infrastructure/observability/routing.metrics';
import { PostgresAgentReservations } from './infrastructure/persistence/postgres-agent-reservations';
import { PostgresRoutingQueue } from './infrastructure/persistence/postgres-routing-queue';
import { PostgresWaitDeadlines } from './infrastructure/persistence/postgres-wait-deadlines';
import { RoutingAgentMirror } from './infrastructure/persistence/routing-agent-mirror';
import { NatsPresenceCommands } from './infrastructure/presence/nats-presence-commands';
import { RoutingTicker } from './infrastructure/scheduling/routing.ticker';
import { TwilioRestQueueMembers } from './infrastructure/twilio/twilio-rest.queue-members';
import { CallRouting } from './interface/call-routing';
import { RoutingIdentityConsumer, RoutingPresenceConsumer } from './interface/routing-read-model.consumers';

/** The routing wing: the read model fed by events, the queue, offers, reservations, the ticker, the copy. */
export const routingProviders: Provider[] = [
  { provide: AgentReservations, useClass: PostgresAgentReservations },
  RoutingAgentMirror,
  { provide: RoutingQueue, useClass: PostgresRoutingQueue },
  { provide: WaitDeadlines, useClass: PostgresWaitDeadlines },
  { provide: QueueMembers, useClass: TwilioRestQueueMembers },
  { provide: PresenceCommands, useClass: NatsPresenceCommands },
  OfferEngine,
  { provide: RingingOffers, useExisting: OfferEngine },
  AgentLegs,
  MaxWaitEnforcer,
  QueueCalls,
  CallRouting,
  RoutingTicker,
  RoutingMetrics,
  RoutingPresenceConsumer,
  RoutingIdentityConsumer,
];
