import { Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { Deadline, DomainError } from '@tp/ddd';
import {
  RPC_DEADLINE_EXCEEDED,
  RPC_DEADLINE_FIELD,
  RpcResultSchema,
  type RpcContract,
  type RpcError,
  type RpcResult,
} from '@tp/contracts';
import { firstValueFrom, timeout } from 'rxjs';
import { ZodError } from 'zod';

const logger = new Logger('Rpc');

/** Requests refused because their caller had stopped waiting, by subject, since the process started. */
const late = new Map<string, number>();

/** When a late request of each subject was last logged, and how many were refused since. */
const lastLateLog = new Map<string, { at: number; refused: number }>();

/** How many requests of each subject this process refused as late (`tp_rpc_late_requests_total`). */
export function lateRequests(): ReadonlyMap<string, number> {
  return late;
}

/**
 * The deadline a request carries (`deadlineAt`, epoch ms on the wall clock, since it crosses
 * processes; see `RPC_DEADLINE_FIELD`), or {@link Deadline.NONE} without a valid one.
 */
export function requestDeadline(payload: unknown): Deadline {
  const at =
    typeof payload === 'object' && payload !== null
      ? (payload as Record<string, unknown>)[RPC_DEADLINE_FIELD]
      : undefined;
  return typeof at === 'number' && Number.isFinite(at) ? Deadline.atEpochMs(at) : Deadline.NONE;
}

/**
 * Serves one request/reply contract: refuses a request whose caller has stopped waiting (its
 * deadline passed: nothing is done, so no effect happens that the caller was not told of),
 * validates the request, runs the handler with the caller's deadline, translates errors once into a
 * `{ ok: false, error: { code, message } }` reply (never a stack trace), validates the reply.
 */
export async function serveRpc<TReq, TRes, TReqIn>(
  contract: RpcContract<TReq, TRes, TReqIn>,
  payload: unknown,
  handler: (request: TReq, deadline: Deadline) => Promise<TRes>,
): Promise<RpcResult<TRes>> {
  const deadline = requestDeadline(payload);
  const remaining = deadline.remainingMs();
  if (remaining <= 0) {
    late.set(contract.subject, (late.get(contract.subject) ?? 0) + 1);
    const lateMs = Math.round(-remaining);
    // At most a line a second per subject: an overloaded app must not also flood its log.
    const now = Date.now();
    const logged = lastLateLog.get(contract.subject) ?? { at: 0, refused: 0 };
    logged.refused += 1;
    if (now - logged.at >= 1000) {
      logger.warn(
        `${contract.subject}: arrived ${lateMs} ms after its caller stopped waiting; not served (${logged.refused} since the last line)`,
      );
      logged.at = now;
      logged.refused = 0;
    }
    lastLateLog.set(contract.subject, logged);
    return {
      ok: false,
      error: {
        code: RPC_DEADLINE_EXCEEDED,
        message: `the request arrived ${lateMs} ms after its caller stopped waiting; nothing was done`,
      },
    };
  }
  const request = contract.request.safeParse(payload);
  if (!request.success) {
    return {
      ok: false,
      error: {
        code: 'RPC.INVALID_REQUEST',
        message: request.error.issues
          .map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`)
          .join('; '),
      },
    };
  }
  try {
    const data = contract.reply.parse(await handler(request.data, deadline));
    return { ok: true, data };
  } catch (error) {
    if (error instanceof DomainError) {
      return {
        ok: false,
        error: { code: error.code, message: error.message, details: { ...error.details } },
      };
    }
    logger.error(
      `${contract.subject} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    const code = error instanceof ZodError ? 'RPC.INVALID_REPLY' : 'INTERNAL';
    return { ok: false, error: { code, message: 'the service failed to answer; it has been logged' } };
  }
}

/** The peer answered with a coded error. */
export class RemoteError extends Error {
  constructor(
    readonly subject: string,
    readonly error: RpcError,
  ) {
    super(`${subject}: ${error.code}: ${error.message}`);
    this.name = 'RemoteError';
  }
  get code(): string {
    return this.error.code;
  }
}

/** The peer did not answer in time, or nobody serves the subject. */
export class PeerUnavailable extends Error {
  constructor(
    readonly subject: string,
    cause: unknown,
  ) {
    super(`${subject}: no answer (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'PeerUnavailable';
  }
}

/**
 * Calls a contract through Nest's NATS client, validating both sides. The request carries its
 * deadline (now + `timeoutMs`), so a server that only gets to it after this caller gave up does
 * nothing (see {@link serveRpc}).
 */
export async function callRpc<TReq, TRes, TReqIn>(
  client: ClientProxy,
  contract: RpcContract<TReq, TRes, TReqIn>,
  request: TReqIn,
  timeoutMs = 2000,
): Promise<TRes> {
  const parsed = contract.request.parse(request);
  const payload =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? { ...parsed, [RPC_DEADLINE_FIELD]: Date.now() + timeoutMs }
      : parsed;
  let raw: unknown;
  try {
    raw = await firstValueFrom(client.send<unknown>(contract.subject, payload).pipe(timeout(timeoutMs)));
  } catch (error) {
    throw new PeerUnavailable(contract.subject, error);
  }
  const result = RpcResultSchema.parse(raw);
  if (!result.ok) throw new RemoteError(contract.subject, result.error);
  return contract.reply.parse(result.data);
}
