import type { AppDefinition } from '@tp/platform';
import { IdentityModule } from './identity.module';
import { identityOrm } from './identity.orm';

export const identityApp: AppDefinition = {
  name: 'identity',
  description: 'Users of a tenant, their PSTN extensions (E.164), skills, PINs, and caller lookup.',
  schema: 'identity',
  defaultPort: 3001,
  orm: identityOrm,
  module: IdentityModule,
};
