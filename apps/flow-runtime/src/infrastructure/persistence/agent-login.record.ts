import { EntitySchema } from '@mikro-orm/postgresql';

/** Per agent, the flow of their last login by phone: its settings decide whether expiry calls them. */
export class AgentLoginRecord {
  tenantId!: string;
  agentId!: string;
  flowId!: string;
  flowVersion!: number;
  callSid!: string;
  loggedInAt!: Date;
}

export const AgentLoginSchema = new EntitySchema<AgentLoginRecord>({
  class: AgentLoginRecord,
  tableName: 'agent_login',
  properties: {
    tenantId: { type: 'string', length: 63, primary: true },
    agentId: { type: 'string', length: 64, primary: true },
    flowId: { type: 'uuid' },
    flowVersion: { type: 'integer' },
    callSid: { type: 'string', length: 64 },
    loggedInAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
