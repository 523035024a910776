import { z } from 'zod';
import { EntityIdSchema, TenantIdSchema } from '../identifiers';
import { defineRpc } from '../rpc';
import { commandSubject } from '../subjects';
import { USER_STATUSES_V1 } from './identity.users.v1';

/** At most this many users per page. */
export const LIST_CALLERS_MAX_V1 = 1000;

/** A user as a caller directory needs them: who answers a calling number, and how. */
export const CallerEntryV1Schema = z.object({
  userId: EntityIdSchema,
  /** The user's version: identity events of this user with a higher `version` are newer. */
  version: z.number().int().nonnegative(),
  name: z.string().min(1),
  /** The zone in effect (the user's own, or the tenant default). */
  timeZone: z.string().min(1).max(64),
  hasPin: z.boolean(),
  status: z.enum(USER_STATUSES_V1),
  /** The user's PSTN extensions' numbers (E.164). */
  numbers: z.array(z.string().min(1).max(255)),
});
export type CallerEntryV1 = z.infer<typeof CallerEntryV1Schema>;

/**
 * A tenant's users, a page at a time in id order (`after` the last id of the previous page; `next`
 * is null on the last page), disabled ones included: the snapshot a caller directory kept from
 * identity's events starts from (flow-runtime's).
 */
export const ListCallers = defineRpc({
  subject: commandSubject('identity', 'list-callers'),
  request: z.object({
    tenantId: TenantIdSchema,
    after: EntityIdSchema.optional(),
    limit: z.number().int().min(1).max(LIST_CALLERS_MAX_V1),
  }),
  reply: z.object({ callers: z.array(CallerEntryV1Schema), next: EntityIdSchema.nullable() }),
});
export type ListCallersReply = z.infer<typeof ListCallers.reply>;
