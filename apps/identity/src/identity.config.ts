import { TimeZone } from '@tp/identity-domain';
import { loadEnv } from '@tp/platform';
import { IdentitySettings } from './application/identity.settings';
import { z } from 'zod';

/** The identity app's own settings (besides the platform's), validated at boot. */
export const IdentityEnvSchema = z.object({
  /** The time zone of users who have none of their own (an IANA name). */
  IDENTITY_DEFAULT_TIME_ZONE: z
    .string()
    .default('UTC')
    .transform((value, ctx) => {
      try {
        return TimeZone.of(value, 'IDENTITY_DEFAULT_TIME_ZONE');
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: `"${value}" is not an IANA time zone such as Europe/Berlin`,
        });
        return z.NEVER;
      }
    }),
});

/** Reads and checks the identity settings from the environment (at boot). */
export function identitySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): IdentitySettings {
  return new IdentitySettings(loadEnv(IdentityEnvSchema, env).IDENTITY_DEFAULT_TIME_ZONE);
}
