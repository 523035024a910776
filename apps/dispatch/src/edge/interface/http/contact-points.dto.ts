import { parseContactPoint } from '@tp/dispatch-domain';
import { PageQuerySchema } from '@tp/platform';
import { z } from 'zod';
import { TENANT_ID } from '../../application/contact-points/contact-point.view';

const TENANT_RULE = 'must be 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit';

const PhoneNumber = z
  .string()
  .superRefine((value, ctx) => {
    try {
      parseContactPoint(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not an E.164 phone number' });
    }
  })
  .describe("a number on the platform's Twilio account, E.164 with its country code");
const TenantId = z.string().regex(TENANT_ID, TENANT_RULE).describe('the tenant that may map it');

export const AssignContactPointBody = z.strictObject({ phoneNumber: PhoneNumber, tenantId: TenantId });
export type AssignContactPointBody = z.infer<typeof AssignContactPointBody>;

export const ListContactPointsParams = PageQuerySchema.extend({
  tenantId: TenantId.optional(),
}).strict();
export type ListContactPointsParams = z.infer<typeof ListContactPointsParams>;

export const ContactPointBody = z.object({
  phoneNumber: z.string(),
  tenantId: z.string(),
  assignedAt: z.string(),
  assignedBy: z.string(),
});

export const ContactPointListBody = z.object({
  items: z.array(ContactPointBody),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
