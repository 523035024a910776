import { JwtService } from '@nestjs/jwt';

/**
 * The admin credential: a JWT (HS256, signed with AUTH_JWT_SECRET) naming one tenant. Every admin
 * request is scoped to that tenant; nothing in the request can widen it.
 */
export interface AdminClaims {
  /** Tenant id: the only tenant this credential may read or change. */
  tid: string;
  /** Who holds it, for the audit trail. */
  sub: string;
  scope: 'admin';
}

export class InvalidCredential extends Error {
  constructor(readonly reason: string) {
    super(`invalid credential: ${reason}`);
    this.name = 'InvalidCredential';
  }
}

const TENANT = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The longest an admin credential may live (`exp` - `iat`): 30 days. One without an expiry, or
 * with a longer life, is refused, so a leaked credential stops working within that time.
 */
export const ADMIN_TOKEN_MAX_TTL_SECONDS = 30 * 86400;

export function mintAdminToken(
  secret: string,
  claims: { tenantId: string; subject: string; issuer: string; ttlSeconds: number },
): string {
  if (!TENANT.test(claims.tenantId))
    throw new InvalidCredential('tenant id must be lower-case letters, digits, dashes');
  if (claims.ttlSeconds > ADMIN_TOKEN_MAX_TTL_SECONDS)
    throw new InvalidCredential('a credential lives at most 30 days');
  const payload: AdminClaims = { tid: claims.tenantId, sub: claims.subject, scope: 'admin' };
  return new JwtService().sign(payload, {
    secret,
    algorithm: 'HS256',
    issuer: claims.issuer,
    expiresIn: claims.ttlSeconds,
  });
}

export function verifyAdminToken(secret: string, token: string, issuer: string): AdminClaims {
  let claims: Partial<AdminClaims> & { exp?: unknown; iat?: unknown };
  try {
    claims = new JwtService().verify<AdminClaims>(token, { secret, algorithms: ['HS256'], issuer });
  } catch (error) {
    throw new InvalidCredential(error instanceof Error ? error.message : 'unverifiable token');
  }
  if (claims.scope !== 'admin') throw new InvalidCredential('not an admin credential');
  if (typeof claims.tid !== 'string' || !TENANT.test(claims.tid)) throw new InvalidCredential('no tenant');
  if (typeof claims.exp !== 'number') throw new InvalidCredential('no expiry');
  if (typeof claims.iat !== 'number') throw new InvalidCredential('no issue time');
  if (claims.exp - claims.iat > ADMIN_TOKEN_MAX_TTL_SECONDS)
    throw new InvalidCredential('its lifetime is longer than 30 days');
  return claims as AdminClaims;
}
