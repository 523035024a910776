import type { AppDefinition } from '@tp/platform';
import { AgentLoginSchema } from './infrastructure/persistence/agent-login.record';
import { FlowSessionSchema } from './infrastructure/persistence/flow-session.record';
import { FlowVersionSchema } from './infrastructure/persistence/flow-version.record';
import { FlowSchema } from './infrastructure/persistence/flow.record';
import { FLOW_RUNTIME_MIGRATIONS } from './migrations';

/** The flow-runtime app's tables (besides the platform's outbox and inbox) and its migrations. */
export const flowRuntimeOrm: AppDefinition['orm'] = {
  entities: [FlowSchema, FlowVersionSchema, FlowSessionSchema, AgentLoginSchema],
  migrations: FLOW_RUNTIME_MIGRATIONS,
  migrationsPath: 'apps/flow-runtime/src/migrations',
};
