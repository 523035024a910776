import { Module } from '@nestjs/common';
import { PlatformModule } from '@tp/platform';
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
})
export class PresenceModule {}
