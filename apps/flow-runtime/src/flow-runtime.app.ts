import type { AppDefinition } from '@tp/platform';
import { FlowRuntimeModule } from './flow-runtime.module';
import { flowRuntimeOrm } from './flow-runtime.orm';

export const flowRuntimeApp: AppDefinition = {
  name: 'flow-runtime',
  description: 'Flow definitions and their execution; channel-neutral steps, never TwiML.',
  schema: 'flow_runtime',
  defaultPort: 3003,
  orm: flowRuntimeOrm,
  module: FlowRuntimeModule,
};
