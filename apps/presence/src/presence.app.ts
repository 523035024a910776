import type { AppDefinition } from '@tp/platform';
import { PresenceModule } from './presence.module';
import { presenceOrm } from './presence.orm';

export const presenceApp: AppDefinition = {
  name: 'presence',
  description: 'Timed presence per agent, expiry on time across restarts and replicas, presence events.',
  schema: 'presence',
  defaultPort: 3004,
  orm: presenceOrm,
  module: PresenceModule,
};
