import { z } from 'zod';

/**
 * A request/reply contract over NATS: the subject and the schemas of both sides. Both the
 * caller and the server validate at runtime, so a drifted peer fails loudly at the edge.
 */
export interface RpcContract<TReq, TRes, TReqIn = TReq> {
  readonly subject: string;
  /** Parses what a caller sends (`TReqIn`, defaults may be left out) into what a server gets (`TReq`). */
  readonly request: z.ZodType<TReq, TReqIn>;
  readonly reply: z.ZodType<TRes>;
}

export function defineRpc<TReq extends z.ZodType, TRes extends z.ZodType>(def: {
  subject: string;
  request: TReq;
  reply: TRes;
}): RpcContract<z.output<TReq>, z.output<TRes>, z.input<TReq>> {
  return def as unknown as RpcContract<z.output<TReq>, z.output<TRes>, z.input<TReq>>;
}

/**
 * Every request carries, beside its contract's fields, `deadlineAt`: the instant (epoch ms, wall
 * clock) after which the caller no longer waits for the answer, which is its timeout from when it
 * sent the request. A server that gets a request past it does nothing and answers
 * {@link RPC_DEADLINE_EXCEEDED}: the caller has already given up (told a caller "sorry") and work
 * done now would be an effect nobody was told of. A request without it (an older peer) is served.
 * Contract schemas do not declare it (object schemas drop unknown keys), so no contract changes.
 */
export const RPC_DEADLINE_FIELD = 'deadlineAt';

/** The error code of a request that arrived after its caller stopped waiting. */
export const RPC_DEADLINE_EXCEEDED = 'RPC.DEADLINE_EXCEEDED';

/** A failed request answers with a coded error, never a stack trace. */
export const RpcErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type RpcError = z.infer<typeof RpcErrorSchema>;

export type RpcResult<T> = { ok: true; data: T } | { ok: false; error: RpcError };

export const RpcResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: RpcErrorSchema }),
]);
