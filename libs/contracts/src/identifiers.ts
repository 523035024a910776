import { z } from 'zod';

/**
 * A tenant id is also a NATS subject token (`presence.evt.<tenant>.…`), so it is restricted to
 * characters that are safe there: lower-case letters, digits and dashes.
 */
export const TenantIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a tenant id is 1-63 lower-case letters, digits or dashes');
export type TenantId = z.infer<typeof TenantIdSchema>;

/** Ids are also NATS subject tokens and KV key parts: letters, digits, `_` and `-` (uuids fit). */
export const EntityIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id is 1-64 letters, digits, _ or -');

/** An ISO-8601 UTC timestamp as it travels on the wire. */
export const IsoTimestampSchema = z.iso.datetime({ offset: true });
