import { Module } from '@nestjs/common';
import { PlatformModule } from '@tp/platform';
import { dispatchConfigProvider } from './dispatch.config';
import { dispatchOrm } from './dispatch.orm';
import { edgeControllers, edgeProviders } from './edge/edge.providers';
import { routingProviders } from './routing/routing.providers';
import { routingControllers, routingReadProviders } from './routing/routing.http';
import { commonProviders } from './common/common.providers';

/**
 * Composition root of the dispatch app: the one place that binds ports to adapters. One
 * deployable, two wings (ADR 18): the Twilio edge, which reaches routing only through
 * `routing/index.ts`, and the routing engine.
 */
@Module({
  imports: [
    PlatformModule.forApp({
      app: { name: 'dispatch', schema: 'dispatch' },
      context: 'dispatch',
      orm: dispatchOrm,
    }),
  ],
  controllers: [...edgeControllers, ...routingControllers],
  providers: [
    dispatchConfigProvider,
    ...commonProviders,
    ...edgeProviders,
    ...routingProviders,
    ...routingReadProviders,
  ],
})
export class DispatchModule {}
