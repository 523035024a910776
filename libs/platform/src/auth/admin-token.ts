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

export function mintAdminToken(
  secret: string,
  claims: { tenantId: string; subject: string; issuer: string; ttlSeconds: number },
): string {
  if (!TENANT.test(claims.tenantId))
    throw new InvalidCredential('tenant id must be lower-case letters, digits, dashes');
  const payload: AdminClaims = { tid: claims.tenantId, sub: claims.subject, scope: 'admin' };
  return new JwtService().sign(payload, {
    secret,
    algorithm: 'HS256',
    issuer: claims.issuer,
    expiresIn: claims.ttlSeconds,
  });
}

export function verifyAdminToken(secret: string, token: string, issuer: string): AdminClaims {
  let claims: Partial<AdminClaims>;
  try {
    claims = new JwtService().verify<AdminClaims>(token, { secret, algorithms: ['HS256'], issuer });
  } catch (error) {
    throw new InvalidCredential(error instanceof Error ? error.message : 'unverifiable token');
  }
  if (claims.scope !== 'admin') throw new InvalidCredential('not an admin credential');
  if (typeof claims.tid !== 'string' || !TENANT.test(claims.tid)) throw new InvalidCredential('no tenant');
  return claims as AdminClaims;
}
