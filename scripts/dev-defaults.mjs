// Development defaults shared by `npm start` and the simulator, so a laptop needs no Twilio account.
// Production refuses them (dispatch requires real settings when NODE_ENV=production).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEV_TWILIO = {
  accountSid: 'AC00000000000000000000000000000000',
  authToken: 'dev-auth-token-not-a-secret',
};

/**
 * Gives this installation a signing secret for admin credentials of its own, unless
 * AUTH_JWT_SECRET is set (or NODE_ENV is production, where the apps require one): made at random
 * the first time and kept in `<dir>/auth-jwt-secret` (`.tmp/` of the repository, which git
 * ignores), readable by its owner only. `npm start` and the scripts that mint credentials share
 * it, and nobody else can forge a credential for the laptop's apps with a secret published in
 * this repository. Sets process.env.AUTH_JWT_SECRET and returns it.
 */
export function useInstallationAuthSecret(dir = fileURLToPath(new URL('../.tmp', import.meta.url))) {
  if (process.env.AUTH_JWT_SECRET || process.env.NODE_ENV === 'production')
    return process.env.AUTH_JWT_SECRET;
  const file = join(dir, 'auth-jwt-secret');
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (error.code !== 'EEXIST') throw error; // made before (or by a script running at the same time)
  }
  process.env.AUTH_JWT_SECRET = readFileSync(file, 'utf8').trim();
  return process.env.AUTH_JWT_SECRET;
}
