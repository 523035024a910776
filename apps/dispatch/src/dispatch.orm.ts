import type { AppDefinition } from '@tp/platform';
import { CallRecordSchema } from './edge/infrastructure/persistence/call.record';
import { ContactPointSchema } from './edge/infrastructure/persistence/contact-point.record';
import { DispatchMappingSchema } from './edge/infrastructure/persistence/dispatch-mapping.record';
import { NoticeCallSchema } from './edge/infrastructure/persistence/notice-call.record';
import { OfferSchema } from './routing/infrastructure/persistence/offer.record';
import { RoutingAgentSchema } from './routing/infrastructure/persistence/routing-agent.record';
import { TwilioAccountSchema } from './edge/infrastructure/persistence/twilio-account.record';
import { WaitingCallSchema } from './routing/infrastructure/persistence/waiting-call.record';
import { DISPATCH_MIGRATIONS } from './migrations';

/** The dispatch app's tables (besides the platform's outbox and inbox) and its migrations. */
export const dispatchOrm: AppDefinition['orm'] = {
  entities: [
    DispatchMappingSchema,
    TwilioAccountSchema,
    CallRecordSchema,
    NoticeCallSchema,
    RoutingAgentSchema,
    WaitingCallSchema,
    OfferSchema,
    ContactPointSchema,
  ],
  migrations: DISPATCH_MIGRATIONS,
  migrationsPath: 'apps/dispatch/src/migrations',
};
