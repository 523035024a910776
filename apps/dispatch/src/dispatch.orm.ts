import type { AppDefinition } from '@tp/platform';
import { CallRecordSchema } from './infrastructure/persistence/call.record';
import { DispatchMappingSchema } from './infrastructure/persistence/dispatch-mapping.record';
import { NoticeCallSchema } from './infrastructure/persistence/notice-call.record';
import { OfferSchema } from './infrastructure/persistence/offer.record';
import { RoutingAgentSchema } from './infrastructure/persistence/routing-agent.record';
import { TwilioAccountSchema } from './infrastructure/persistence/twilio-account.record';
import { WaitingCallSchema } from './infrastructure/persistence/waiting-call.record';
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
  ],
  migrations: DISPATCH_MIGRATIONS,
  migrationsPath: 'apps/dispatch/src/migrations',
};
