import {
  createParamDecorator,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { PlatformEnv } from '../config/env';
import { PLATFORM_ENV } from '../nest/tokens';
import { verifyAdminToken, type AdminClaims } from './admin-token';
import { bearerToken } from './bearer';
import { OidcAccessTokenVerifier, OidcTokenRefused } from './oidc-access-token.verifier';
import { TenantCache, TenantDirectory } from './tenant-directory';

interface AuthenticatedRequest {
  admin?: AdminClaims;
}

/** The `alg` of a JWT's header, without verifying anything (it only picks the verifier). */
function algorithmOf(token: string): string | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
    return typeof header === 'object' && header !== null
      ? String((header as { alg?: unknown }).alg)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Admin APIs need `Authorization: Bearer <credential>`: our HS256 tenant credential (scripts,
 * services, the local one-click link) or, when `AUTH_OIDC_ISSUER` is set, an access token of the
 * OpenID Connect provider whose tenant is set up on the platform (asked of identity, cached). The
 * tenant comes from the verified credential only, never from the path or body, so one tenant
 * cannot reach another's data.
 */
@Injectable()
export class TenantAdminGuard implements CanActivate {
  private readonly logger = new Logger(TenantAdminGuard.name);
  private readonly oidc: OidcAccessTokenVerifier | null;
  private readonly tenants: TenantCache;

  constructor(
    @Inject(PLATFORM_ENV) private readonly env: PlatformEnv,
    directory: TenantDirectory,
  ) {
    this.oidc =
      env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_AUDIENCE
        ? new OidcAccessTokenVerifier({
            issuer: env.AUTH_OIDC_ISSUER,
            audience: env.AUTH_OIDC_AUDIENCE,
            jwksUrl: env.AUTH_OIDC_JWKS_URL,
            tenantClaim: env.AUTH_OIDC_TENANT_CLAIM,
            rolesClaim: env.AUTH_OIDC_ROLES_CLAIM,
            adminRole: env.AUTH_OIDC_ADMIN_ROLE,
          })
        : null;
    this.tenants = new TenantCache(directory);
    void this.oidc?.prepare().catch(() => undefined);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(context);
    request.admin =
      this.oidc && algorithmOf(token) !== 'HS256'
        ? await this.viaProvider(this.oidc, token)
        : this.ours(token);
    return true;
  }

  private ours(token: string): AdminClaims {
    try {
      return verifyAdminToken(this.env.AUTH_JWT_SECRET, token, this.env.AUTH_JWT_ISSUER);
    } catch (error) {
      const message = error instanceof Error ? error.message : 'invalid credential';
      throw new UnauthorizedException({
        code: /expired/.test(message) ? 'AUTH.CREDENTIAL_EXPIRED' : 'AUTH.INVALID_CREDENTIAL',
        message,
      });
    }
  }

  private async viaProvider(oidc: OidcAccessTokenVerifier, token: string): Promise<AdminClaims> {
    let claims: AdminClaims;
    try {
      claims = await oidc.verify(token);
    } catch (error) {
      if (error instanceof OidcTokenRefused) {
        throw new HttpException({ code: error.code, message: error.message }, error.status);
      }
      throw error;
    }
    let known: boolean;
    try {
      known = await this.tenants.isKnown(claims.tid);
    } catch (error) {
      this.logger.warn(
        `cannot check tenant '${claims.tid}': ${error instanceof Error ? error.message : String(error)}`,
      );
      throw new HttpException(
        { code: 'AUTH.TENANT_CHECK_UNAVAILABLE', message: 'the tenant cannot be checked now; try again' },
        503,
      );
    }
    if (!known) {
      throw new ForbiddenException({
        code: 'AUTH.UNKNOWN_TENANT',
        message: `tenant '${claims.tid}' is not set up on this platform`,
      });
    }
    return claims;
  }
}

/** The tenant id of the verified admin credential. */
export const TenantId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const admin = context.switchToHttp().getRequest<AuthenticatedRequest>().admin;
  if (!admin) throw new UnauthorizedException({ code: 'AUTH.MISSING_CREDENTIAL', message: 'no credential' });
  return admin.tid;
});
