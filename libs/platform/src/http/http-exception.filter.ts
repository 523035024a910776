import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '@tp/ddd';
import { ZodError } from 'zod';

export function statusOf(kind: DomainErrorKind): number {
  switch (kind) {
    case 'invalid':
      return HttpStatus.BAD_REQUEST;
    case 'not-found':
      return HttpStatus.NOT_FOUND;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'unavailable':
      return HttpStatus.SERVICE_UNAVAILABLE;
  }
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  errors?: { field: string; reason: string }[];
}

/** Turns a zod failure into per-field reasons a client can act on. */
export function fieldErrors(error: ZodError): { field: string; reason: string }[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', reason: issue.message }));
}

/**
 * The one HTTP translation of errors: domain errors by kind, validation failures as 400
 * naming each field, Nest's own HTTP errors as they are, anything else a logged 500 without internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<{ status(code: number): { send(body: unknown): void } }>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }
    reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return {
        statusCode: statusOf(exception.kind),
        code: exception.code,
        message: exception.message,
        details: { ...exception.details },
      };
    }
    if (exception instanceof ZodError) {
      const errors = fieldErrors(exception);
      return {
        statusCode: 400,
        code: 'REQUEST.INVALID',
        message: errors.map((e) => `${e.field}: ${e.reason}`).join('; '),
        errors,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const extra =
        typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      return {
        ...extra,
        statusCode: status,
        code: typeof extra.code === 'string' ? extra.code : `HTTP.${status}`,
        message: typeof extra.message === 'string' ? extra.message : exception.message,
      };
    }
    return {
      statusCode: 500,
      code: 'INTERNAL',
      message: 'Something went wrong on our side; it has been logged.',
    };
  }
}
