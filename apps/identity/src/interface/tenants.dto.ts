import { z } from 'zod';

const DisplayName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .describe('What people read, e.g. "Acme Corp"');

export const CreateTenantBody = z.strictObject({
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{0,62}$/,
      'must be 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit',
    )
    .describe('The tenant id, a slug that never changes (e.g. "acme")'),
  displayName: DisplayName,
});
export type CreateTenantBody = z.infer<typeof CreateTenantBody>;

export const RenameTenantBody = z.strictObject({ displayName: DisplayName });
export type RenameTenantBody = z.infer<typeof RenameTenantBody>;

export const TenantViewSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  createdAt: z.iso.datetime(),
});

export const TenantListSchema = z.object({ tenants: z.array(TenantViewSchema) });
