import { z } from 'zod';
import { TenantIdSchema } from '../identifiers';
import { defineRpc } from '../rpc';
import { commandSubject } from '../subjects';

/** A tenant as other apps see it: its id and the name people read. */
export const TenantV1Schema = z.object({
  id: TenantIdSchema,
  displayName: z.string().min(1).max(100),
});
export type TenantV1 = z.infer<typeof TenantV1Schema>;

/**
 * Is this tenant set up on the platform, and what is it called? The admin guard of every app asks
 * it (and caches the answer) before it lets an admin signed in by an identity provider in.
 */
export const GetTenant = defineRpc({
  subject: commandSubject('identity', 'get-tenant'),
  request: z.object({ tenantId: TenantIdSchema }),
  reply: z.discriminatedUnion('found', [
    z.object({ found: z.literal(false) }),
    z.object({ found: z.literal(true), tenant: TenantV1Schema }),
  ]),
});
export type GetTenantRequest = z.infer<typeof GetTenant.request>;
export type GetTenantReply = z.infer<typeof GetTenant.reply>;
