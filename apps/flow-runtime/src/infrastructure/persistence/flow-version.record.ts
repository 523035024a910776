import { EntitySchema } from '@mikro-orm/postgresql';

/**
 * One version of a flow's graph, never changed once written. `prompt_ids` lists the prompts the
 * graph plays, so that "which published flows play this prompt" is one indexed query.
 */
export class FlowVersionRecord {
  flowId!: string;
  version!: number;
  tenantId!: string;
  graph!: unknown;
  promptIds!: string[];
  createdAt!: Date;
}

export const FlowVersionSchema = new EntitySchema<FlowVersionRecord>({
  class: FlowVersionRecord,
  tableName: 'flow_version',
  properties: {
    flowId: { type: 'uuid', primary: true },
    version: { type: 'integer', primary: true },
    tenantId: { type: 'string', length: 63 },
    graph: { type: 'json', columnType: 'jsonb' },
    promptIds: { type: 'text[]', columnType: 'text[]' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
