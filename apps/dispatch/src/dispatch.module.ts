import { Module } from '@nestjs/common';
import { PlatformModule } from '@tp/platform';
import { dispatchOrm } from './dispatch.orm';

/** Composition root of the dispatch app: the one place that binds ports to adapters. */
@Module({
  imports: [
    PlatformModule.forApp({
      app: { name: 'dispatch', schema: 'dispatch' },
      context: 'dispatch',
      orm: dispatchOrm,
    }),
  ],
})
export class DispatchModule {}
