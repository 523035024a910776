import type { AppDefinition } from '@tp/platform';
import { DispatchModule } from './dispatch.module';
import { dispatchOrm } from './dispatch.orm';

export const dispatchApp: AppDefinition = {
  name: 'dispatch',
  description: 'The telephony edge: dispatch mappings, Twilio webhooks, TwiML, outbound calls, routing.',
  schema: 'dispatch',
  defaultPort: 3000,
  orm: dispatchOrm,
  module: DispatchModule,
};
