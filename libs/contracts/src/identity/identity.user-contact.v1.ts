import { z } from 'zod';
import { EntityIdSchema, TenantIdSchema } from '../identifiers';
import { defineRpc } from '../rpc';
import { commandSubject } from '../subjects';

/**
 * How to reach a user by phone: the user's PSTN extensions in E.164, in the order the admin listed
 * them (dispatch calls the first, e.g. to tell an agent their hours ran out). A user the tenant does
 * not have, or a disabled one, is not found; a user without PSTN extensions is found with none.
 */
export const GetUserContact = defineRpc({
  subject: commandSubject('identity', 'get-user-contact'),
  request: z.object({ tenantId: TenantIdSchema, userId: EntityIdSchema }),
  reply: z.discriminatedUnion('found', [
    z.object({ found: z.literal(false) }),
    z.object({ found: z.literal(true), pstnNumbers: z.array(z.string().min(1).max(32)) }),
  ]),
});
export type GetUserContactRequest = z.infer<typeof GetUserContact.request>;
export type GetUserContactReply = z.infer<typeof GetUserContact.reply>;
