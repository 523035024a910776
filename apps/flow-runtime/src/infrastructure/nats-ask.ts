import type { ClientProxy } from '@nestjs/microservices';
import type { Deadline } from '@tp/ddd';
import type { RpcContract } from '@tp/contracts';
import { DependencyUnavailable, type Dependency } from '@tp/flow-domain';
import { callRpc, PeerUnavailable, RemoteError } from '@tp/platform';
import { ZodError } from 'zod';

/**
 * Asks another app over NATS within what is left of the turn's deadline (and at most `capMs`). Every
 * way of not getting a valid answer (no time left, no responder, a timeout, a coded error, a reply
 * out of contract) is {@link DependencyUnavailable}, which a session turns into an apology.
 */
export async function ask<TReq, TRes, TReqIn>(
  client: ClientProxy,
  contract: RpcContract<TReq, TRes, TReqIn>,
  request: TReqIn,
  dependency: Dependency,
  deadline: Deadline,
  capMs = Number.POSITIVE_INFINITY,
): Promise<TRes> {
  const timeoutMs = Math.floor(Math.min(deadline.remainingMs(), capMs));
  if (timeoutMs <= 0) throw new DependencyUnavailable(dependency, 'no time left in this turn');
  try {
    return await callRpc(client, contract, request, timeoutMs);
  } catch (error) {
    if (error instanceof PeerUnavailable)
      throw new DependencyUnavailable(dependency, `no answer to ${contract.subject} within ${timeoutMs} ms`);
    if (error instanceof RemoteError)
      throw new DependencyUnavailable(dependency, `${contract.subject}: ${error.code}`);
    if (error instanceof ZodError)
      throw new DependencyUnavailable(dependency, `${contract.subject}: a message outside the contract`);
    throw error;
  }
}
