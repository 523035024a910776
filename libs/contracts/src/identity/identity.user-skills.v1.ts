import { z } from 'zod';
import { EntityIdSchema, TenantIdSchema } from '../identifiers';
import { defineRpc } from '../rpc';
import { commandSubject } from '../subjects';

/** At most this many users per request (a caller asks in batches). */
export const GET_USER_SKILLS_MAX_V1 = 500;

/**
 * The skill names of some users of a tenant, as the admin typed them (presence asks, to count the
 * agents online per skill). Users the tenant does not have (another tenant's included) are left
 * out; disabled users are answered too (they may have been online before they were disabled).
 */
export const GetUserSkills = defineRpc({
  subject: commandSubject('identity', 'get-user-skills'),
  request: z.object({
    tenantId: TenantIdSchema,
    userIds: z.array(EntityIdSchema).min(1).max(GET_USER_SKILLS_MAX_V1),
  }),
  reply: z.object({
    users: z.array(z.object({ userId: EntityIdSchema, skills: z.array(z.string().min(1).max(64)) })),
  }),
});
export type GetUserSkillsRequest = z.infer<typeof GetUserSkills.request>;
export type GetUserSkillsReply = z.infer<typeof GetUserSkills.reply>;
