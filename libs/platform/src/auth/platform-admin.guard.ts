import {
  createParamDecorator,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { PlatformEnv } from '../config/env';
import { PLATFORM_ENV } from '../nest/tokens';
import { bearerToken } from './bearer';
import {
  NotPlatformCredential,
  verifyPlatformAdminToken,
  type PlatformAdminClaims,
} from './platform-admin-token';

interface PlatformAdminRequest {
  platformAdmin?: PlatformAdminClaims;
}

/**
 * Routes that set up tenants need `Authorization: Bearer <platform credential>` (HS256,
 * `scope: 'platform'`, `npm run admin -- token --platform`). Any other valid credential of ours gets
 * 403 `AUTH.NOT_PLATFORM_ADMIN`; anything else 401.
 */
@Injectable()
export class PlatformAdminGuard implements CanActivate {
  constructor(@Inject(PLATFORM_ENV) private readonly env: PlatformEnv) {}

  canActivate(context: ExecutionContext): boolean {
    const token = bearerToken(context);
    try {
      context.switchToHttp().getRequest<PlatformAdminRequest>().platformAdmin = verifyPlatformAdminToken(
        this.env.AUTH_JWT_SECRET,
        token,
        this.env.AUTH_JWT_ISSUER,
      );
      return true;
    } catch (error) {
      if (error instanceof NotPlatformCredential) {
        throw new ForbiddenException({
          code: 'AUTH.NOT_PLATFORM_ADMIN',
          message: 'only a platform admin credential may do this',
        });
      }
      throw new UnauthorizedException({
        code: 'AUTH.INVALID_CREDENTIAL',
        message: error instanceof Error ? error.message : 'invalid credential',
      });
    }
  }
}

/** Who holds the verified platform admin credential (its `sub`), for the audit trail. */
export const PlatformAdminSubject = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => {
    const admin = context.switchToHttp().getRequest<PlatformAdminRequest>().platformAdmin;
    if (!admin)
      throw new UnauthorizedException({ code: 'AUTH.MISSING_CREDENTIAL', message: 'no credential' });
    return admin.sub;
  },
);
