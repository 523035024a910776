import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PinHasher, type Pin } from '@tp/identity-domain';

/** scrypt cost: N = 2^14, r = 8, p = 1 (OWASP's minimum for scrypt), a 16-byte salt, a 32-byte key. */
const COST = { N: 16_384, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(pin: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, length, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/**
 * PINs as salted scrypt hashes, stored as `scrypt$N$r$p$<salt>$<key>` (base64), so the cost can be
 * raised later without invalidating older hashes. Verification recomputes the key with the stored
 * parameters and compares in constant time. Neither the PIN nor the hash is ever logged.
 */
@Injectable()
export class ScryptPinHasher extends PinHasher {
  async hash(pin: Pin): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(pin.reveal(), salt, KEY_BYTES, COST);
    return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
  }

  async verify(pin: string, hash: string): Promise<boolean> {
    const parsed = parse(hash);
    if (parsed === null) return false;
    const key = await derive(pin, parsed.salt, parsed.key.length, parsed.cost);
    return timingSafeEqual(key, parsed.key);
  }
}

function parse(hash: string): { cost: ScryptOptions; salt: Buffer; key: Buffer } | null {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const valid = (n: number | undefined, max: number): n is number =>
    Number.isInteger(n) && n! >= 1 && n! <= max;
  if (!valid(N, 1 << 20) || (N & (N - 1)) !== 0 || !valid(r, 32) || !valid(p, 16)) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const key = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { cost: { N, r, p }, salt, key };
}
