import { Module } from '@nestjs/common';
import { PlatformModule } from '@tp/platform';
import { flowRuntimeOrm } from './flow-runtime.orm';

/** Composition root of the flow-runtime app: the one place that binds ports to adapters. */
@Module({
  imports: [
    PlatformModule.forApp({
      app: { name: 'flow-runtime', schema: 'flow_runtime' },
      context: 'flow-runtime',
      orm: flowRuntimeOrm,
    }),
  ],
})
export class FlowRuntimeModule {}
