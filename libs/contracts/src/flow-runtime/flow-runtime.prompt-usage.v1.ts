import { z } from 'zod';
import { EntityIdSchema, TenantIdSchema } from '../identifiers';
import { defineRpc } from '../rpc';
import { commandSubject } from '../subjects';

/** A flow as another context refers to it. */
export const FlowRefV1Schema = z.object({
  flowId: EntityIdSchema,
  name: z.string().min(1),
  /** The published version that uses the prompts. */
  version: z.number().int().positive(),
});
export type FlowRefV1 = z.infer<typeof FlowRefV1Schema>;

/**
 * The tenant's flows whose published version plays any of `promptIds` (media asks before it
 * deletes a prompt). Each flow once; empty when none does. Served by flow-runtime.
 */
export const FindFlowsUsingPrompts = defineRpc({
  subject: commandSubject('flow-runtime', 'find-flows-using-prompts'),
  request: z.object({ tenantId: TenantIdSchema, promptIds: z.array(EntityIdSchema).min(1).max(50) }),
  reply: z.object({ flows: z.array(FlowRefV1Schema) }),
});
export type FindFlowsUsingPromptsRequest = z.infer<typeof FindFlowsUsingPrompts.request>;
export type FindFlowsUsingPromptsReply = z.infer<typeof FindFlowsUsingPrompts.reply>;
