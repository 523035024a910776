/** One field's problem, named by its path in the request body (`extensions.0.number`). */
export interface FieldProblem {
  field: string;
  reason: string;
}

export type ApiErrorKind =
  'network' | 'unavailable' | 'signed-out' | 'forbidden' | 'invalid' | 'not-found' | 'conflict' | 'server';

/** What went wrong with a request to an app, in words for the admin. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    message: string,
    readonly code: string | null = null,
    readonly fields: FieldProblem[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
  errors?: FieldProblem[];
}

const kindOf = (status: number): ApiErrorKind =>
  status === 401
    ? 'signed-out'
    : status === 403
      ? 'forbidden'
      : status === 404
        ? 'not-found'
        : status === 409
          ? 'conflict'
          : status === 502 || status === 503 || status === 504
            ? 'unavailable'
            : status >= 500
              ? 'server'
              : 'invalid';

/** Why a telephone number was refused (the telephony library's reasons), said for a person. */
const PHONE_REASONS: Record<string, string> = {
  empty: 'is required',
  'not-a-phone-number': 'is not a telephone number',
  'missing-country-code': 'needs its country code, like +1-234-567-8910',
  'unknown-country-code': 'starts with a country code that does not exist',
  'too-short': 'is too short for a telephone number',
  'too-long': 'is too long for a telephone number',
  'invalid-length': 'has the wrong number of digits for its country',
  'invalid-for-region': 'is not a valid number in its country',
};

/** Zod's and the apps' wording, said the way a person would. */
export function humanReason(reason: string): string {
  const r = reason.trim();
  const phone = /^is not an? (?:E\.164 )?phone number \(([a-z-]+)\)$/i.exec(r);
  if (phone?.[1]) return PHONE_REASONS[phone[1]] ?? 'is not a telephone number';
  if (/^Invalid input: expected \w+, received (undefined|null)$/i.test(r) || /^Required$/i.test(r))
    return 'is required';
  const tooSmall = /^Too small: expected string to have >=\s*(\d+) characters?$/i.exec(r);
  if (tooSmall) return tooSmall[1] === '1' ? 'is required' : `needs at least ${tooSmall[1]} characters`;
  const tooBig = /^Too big: expected string to have <=\s*(\d+) characters?$/i.exec(r);
  if (tooBig) return `must be at most ${tooBig[1]} characters`;
  const numberSmall = /^Too small: expected number to be >=?\s*(-?\d+)$/i.exec(r);
  if (numberSmall) return `must be at least ${numberSmall[1]}`;
  const numberBig = /^Too big: expected number to be <=?\s*(-?\d+)$/i.exec(r);
  if (numberBig) return `must be at most ${numberBig[1]}`;
  if (/^Invalid email address$/i.test(r)) return 'is not an email address';
  if (/^Invalid URL$/i.test(r)) return 'is not a web address';
  if (/^Invalid option: expected one of/i.test(r))
    return `must be one of ${r.replace(/^Invalid option: expected one of\s*/i, '').replace(/\|/g, ', ')}`;
  if (/^Unrecognized key/i.test(r)) return 'is not expected here';
  return r.replace(/^(must|is|has|needs)\b/, '$1');
}

/**
 * Turns a failed response into an ApiError: the app's code, message and field problems. `parsed` is
 * the body as openapi-fetch read it (a proxy's or a load balancer's page is no object: only the
 * status says anything then).
 */
export function errorFromResponse(response: Response, parsed: unknown): ApiError {
  const body: ErrorBody = typeof parsed === 'object' && parsed !== null ? parsed : {};
  const kind = kindOf(response.status);
  const fields = [...(body.errors ?? [])];
  // A flow that cannot be published lists its problems, each naming a path into the version.
  const problems = body.details?.problems;
  if (Array.isArray(problems))
    for (const p of problems as { field?: unknown; message?: unknown }[])
      if (typeof p.field === 'string' && typeof p.message === 'string')
        fields.push({ field: p.field, reason: p.message });
  const detailField = body.details?.field;
  if (typeof detailField === 'string' && !fields.some((f) => f.field === detailField)) {
    const reason =
      typeof body.details?.reason === 'string'
        ? body.details.reason
        : typeof body.details?.rule === 'string'
          ? body.details.rule
          : (body.message ?? 'is not valid');
    fields.push({ field: detailField, reason });
  }
  const message =
    kind === 'unavailable'
      ? 'The service is not answering right now. Nothing was saved; try again in a moment.'
      : kind === 'signed-out'
        ? 'Your sign-in has expired. Sign in again; what you typed is kept.'
        : kind === 'forbidden'
          ? (body.message ?? 'You are not allowed to do this.')
          : kind === 'server'
            ? 'Something went wrong on our side. Nothing was saved; try again.'
            : (body.message ?? `The request failed (HTTP ${response.status}).`);
  return new ApiError(
    kind,
    response.status,
    message,
    body.code ?? null,
    fields.map((f) => ({ field: f.field, reason: humanReason(f.reason) })),
    body.details ?? {},
  );
}

/** fetch itself failed: offline, or the console server is down. */
export const networkError = () =>
  new ApiError('network', 0, 'The connection was lost. Nothing was saved; check your network and try again.');

/** A readable message for any error a page may meet. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
