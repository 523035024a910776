import {
  createParamDecorator,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { PlatformEnv } from '../config/env';
import { PLATFORM_ENV } from '../nest/tokens';
import { verifyAdminToken, type AdminClaims } from './admin-token';
import { bearerToken } from './bearer';

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  admin?: AdminClaims;
}

/**
 * Admin APIs need `Authorization: Bearer <tenant credential>`. The tenant comes from the verified
 * credential only, never from the path or body, so one tenant cannot reach another's data.
 */
@Injectable()
export class TenantAdminGuard implements CanActivate {
  constructor(@Inject(PLATFORM_ENV) private readonly env: PlatformEnv) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(context);
    try {
      request.admin = verifyAdminToken(this.env.AUTH_JWT_SECRET, token, this.env.AUTH_JWT_ISSUER);
      return true;
    } catch (error) {
      throw new UnauthorizedException({
        code: 'AUTH.INVALID_CREDENTIAL',
        message: error instanceof Error ? error.message : 'invalid credential',
      });
    }
  }
}

/** The tenant id of the verified admin credential. */
export const TenantId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const admin = context.switchToHttp().getRequest<AuthenticatedRequest>().admin;
  if (!admin) throw new UnauthorizedException({ code: 'AUTH.MISSING_CREDENTIAL', message: 'no credential' });
  return admin.tid;
});
