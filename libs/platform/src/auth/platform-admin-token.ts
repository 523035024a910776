import { JwtService } from '@nestjs/jwt';
import { InvalidCredential } from './admin-token';

/**
 * The platform admin credential: a JWT (HS256, signed with AUTH_JWT_SECRET) with `scope: 'platform'`
 * and no tenant. It may set up tenants and nothing else: every tenant route refuses it (their guard
 * wants `scope: 'admin'`), and a tenant credential cannot set up tenants.
 */
export interface PlatformAdminClaims {
  /** Who holds it, for the audit trail. */
  sub: string;
  scope: 'platform';
}

export function mintPlatformAdminToken(
  secret: string,
  claims: { subject: string; issuer: string; ttlSeconds: number },
): string {
  const payload: PlatformAdminClaims = { sub: claims.subject, scope: 'platform' };
  return new JwtService().sign(payload, {
    secret,
    algorithm: 'HS256',
    issuer: claims.issuer,
    expiresIn: claims.ttlSeconds,
  });
}

/** The claims of a platform credential; `InvalidCredential` for anything else (`reason` says what). */
export function verifyPlatformAdminToken(secret: string, token: string, issuer: string): PlatformAdminClaims {
  let claims: Partial<PlatformAdminClaims> & { exp?: number; scope?: string };
  try {
    claims = new JwtService().verify(token, { secret, algorithms: ['HS256'], issuer });
  } catch (error) {
    throw new InvalidCredential(error instanceof Error ? error.message : 'unverifiable token');
  }
  if (typeof claims.exp !== 'number') throw new InvalidCredential('no expiry');
  if (claims.scope !== 'platform') throw new NotPlatformCredential(claims.scope);
  if (typeof claims.sub !== 'string') throw new InvalidCredential('no subject');
  return claims as PlatformAdminClaims;
}

/** A valid credential of ours, but not a platform one (a tenant admin's, say). */
export class NotPlatformCredential extends InvalidCredential {
  constructor(scope: string | undefined) {
    super(`a ${scope ?? 'scope-less'} credential is not a platform admin credential`);
    this.name = 'NotPlatformCredential';
  }
}
