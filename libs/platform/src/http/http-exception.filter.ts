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

/**
 * The one shape of every error body of every app: `errors` names the fields at fault (empty when
 * the error is not about a field), `details` carries a domain error's facts.
 */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors: { field: string; reason: string }[];
  details?: Record<string, unknown>;
}

/** Where Twilio's webhooks arrive (dispatch): whatever goes wrong there, Twilio gets TwiML. */
export const TWILIO_WEBHOOK_PATH_PREFIX = '/twilio/';
/** What a Twilio webhook refused before its handler ran gets: the call is rejected. */
export const REJECT_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Reject/></Response>';

/** An error Fastify raised before a handler ran (a body too large, of no known type, not parseable). */
function fastifyClientError(exception: unknown): { statusCode: number; message: string } | null {
  if (!(exception instanceof Error)) return null;
  const { statusCode, code } = exception as Error & { statusCode?: unknown; code?: unknown };
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && typeof code === 'string'
    ? { statusCode, message: exception.message }
    : null;
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
    const http = host.switchToHttp();
    const reply = http.getResponse<{
      status(code: number): { header(name: string, value: string): { send(body: unknown): void } };
    }>();
    const url = http.getRequest<{ url?: string }>().url ?? '';
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }
    if (url.startsWith(TWILIO_WEBHOOK_PATH_PREFIX)) {
      reply.status(body.statusCode).header('content-type', 'text/xml; charset=utf-8').send(REJECT_TWIML);
      return;
    }
    reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return {
        statusCode: statusOf(exception.kind),
        code: exception.code,
        message: exception.message,
        // A domain error about one field names it in `details.field`.
        errors:
          typeof exception.details.field === 'string'
            ? [{ field: exception.details.field, reason: exception.message }]
            : [],
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
        statusCode: status,
        code: typeof extra.code === 'string' ? extra.code : `HTTP.${status}`,
        message: typeof extra.message === 'string' ? extra.message : exception.message,
        errors: Array.isArray(extra.errors) ? (extra.errors as ErrorBody['errors']) : [],
        ...(typeof extra.details === 'object' && extra.details !== null
          ? { details: extra.details as Record<string, unknown> }
          : {}),
      };
    }
    const client = fastifyClientError(exception);
    if (client) {
      return {
        statusCode: client.statusCode,
        code: `HTTP.${client.statusCode}`,
        message: client.message,
        errors: [],
      };
    }
    return {
      statusCode: 500,
      code: 'INTERNAL',
      message: 'Something went wrong on our side; it has been logged.',
      errors: [],
    };
  }
}
