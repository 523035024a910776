import { UnauthorizedException, type ExecutionContext } from '@nestjs/common';

interface RequestWithHeaders {
  headers: Record<string, string | string[] | undefined>;
}

/** The token of `Authorization: Bearer <token>`, or 401 `AUTH.MISSING_CREDENTIAL`. */
export function bearerToken(context: ExecutionContext): string {
  const header = context.switchToHttp().getRequest<RequestWithHeaders>().headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  if (!match?.[1]) {
    throw new UnauthorizedException({
      code: 'AUTH.MISSING_CREDENTIAL',
      message: 'send Authorization: Bearer <token>',
    });
  }
  return match[1];
}
