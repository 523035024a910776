import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { MessagePattern, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import type { RpcContract } from '@tp/contracts';
import { serveRpc } from '@tp/platform';

/** One contract another app serves, answered as a test says (throw for a coded error, never settle for silence). */
export interface FakePeer {
  readonly contract: RpcContract<unknown, unknown, unknown>;
  handle(request: unknown): unknown;
}

/** Declares a fake peer, typed by the contract at the call site. */
export function fakePeer<TReq, TRes, TReqIn>(
  contract: RpcContract<TReq, TRes, TReqIn>,
  handle: (request: TReq) => Promise<TRes> | TRes,
): FakePeer {
  return {
    contract,
    handle: (request) => handle(request as TReq),
  };
}

/**
 * Stands in for other apps over NATS request/reply: a Nest microservice (the real transport, queue
 * group `queue`) that serves each contract through `serveRpc`, so requests and replies are
 * validated exactly as the real peer would. Stop it to make the peers disappear (no responders).
 */
export async function startFakePeers(
  natsUrl: string,
  peers: readonly FakePeer[],
  queue = 'fake-peers',
): Promise<INestMicroservice> {
  class Peers {}
  peers.forEach((peer, index) => {
    const key = `serve${index}`;
    const descriptor: PropertyDescriptor = {
      value: (payload: unknown) =>
        serveRpc(peer.contract, payload, (request) => Promise.resolve(peer.handle(request))),
      writable: true,
      configurable: true,
    };
    Object.defineProperty(Peers.prototype, key, descriptor);
    MessagePattern(peer.contract.subject)(Peers.prototype, key, descriptor);
  });
  Controller()(Peers);
  class PeersModule {}
  Module({ controllers: [Peers] })(PeersModule);
  const moduleRef = await Test.createTestingModule({ imports: [PeersModule] }).compile();
  const service = moduleRef.createNestMicroservice<MicroserviceOptions>({
    transport: Transport.NATS,
    options: { servers: [natsUrl], queue },
    logger: false,
  });
  await service.listen();
  return service;
}
