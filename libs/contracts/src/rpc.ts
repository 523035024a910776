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
