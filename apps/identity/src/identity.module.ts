import { Module } from '@nestjs/common';
import { PlatformModule } from '@tp/platform';
import { identityOrm } from './identity.orm';

/** Composition root of the identity app: the one place that binds ports to adapters. */
@Module({
  imports: [
    PlatformModule.forApp({
      app: { name: 'identity', schema: 'identity' },
      context: 'identity',
      orm: identityOrm,
    }),
  ],
})
export class IdentityModule {}
