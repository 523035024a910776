import { Logger } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { DomainError } from '@tp/ddd';
import { RpcResultSchema, type RpcContract, type RpcError, type RpcResult } from '@tp/contracts';
import { firstValueFrom, timeout } from 'rxjs';
import { ZodError } from 'zod';

const logger = new Logger('Rpc');

/**
 * Serves one request/reply contract: validates the request, runs the handler, translates errors
 * once into a `{ ok: false, error: { code, message } }` reply (never a stack trace), validates the reply.
 */
export async function serveRpc<TReq, TRes, TReqIn>(
  contract: RpcContract<TReq, TRes, TReqIn>,
  payload: unknown,
  handler: (request: TReq) => Promise<TRes>,
): Promise<RpcResult<TRes>> {
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
    const data = contract.reply.parse(await handler(request.data));
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

/** Calls a contract through Nest's NATS client, validating both sides. */
export async function callRpc<TReq, TRes, TReqIn>(
  client: ClientProxy,
  contract: RpcContract<TReq, TRes, TReqIn>,
  request: TReqIn,
  timeoutMs = 2000,
): Promise<TRes> {
  const payload = contract.request.parse(request);
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
