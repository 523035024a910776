import { Controller, Logger, Module } from '@nestjs/common';
import {
  ClientProxyFactory,
  MessagePattern,
  Payload,
  Transport,
  type ClientProxy,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import type { INestMicroservice } from '@nestjs/common';
import { defineRpc } from '@tp/contracts';
import { TEST_NATS_URL, uniqueSuffix } from '@tp/stack-harness';
import { firstValueFrom, timeout } from 'rxjs';
import { z } from 'zod';
import { callRpc, PeerUnavailable, RemoteError, serveRpc } from './rpc';

const suffix = uniqueSuffix();
const Double = defineRpc({
  subject: `test${suffix}.cmd.double`,
  request: z.object({ n: z.number().int() }),
  reply: z.object({ n: z.number().int(), by: z.string() }),
});

async function replica(name: string, handled: string[]): Promise<INestMicroservice> {
  @Controller()
  class DoubleController {
    @MessagePattern(Double.subject)
    double(@Payload() payload: unknown) {
      return serveRpc(Double, payload, async ({ n }) => {
        handled.push(name);
        if (n < 0) throw new RangeError('negative');
        return { n: n * 2, by: name };
      });
    }
  }
  @Module({ controllers: [DoubleController] })
  class ReplicaModule {}
  const moduleRef = await Test.createTestingModule({ imports: [ReplicaModule] }).compile();
  const app = moduleRef.createNestMicroservice<MicroserviceOptions>({
    transport: Transport.NATS,
    options: { servers: [TEST_NATS_URL], queue: `test-${suffix}` },
  });
  await app.listen();
  return app;
}

describe('request/reply over NATS with a queue group per app', () => {
  const handled: string[] = [];
  let replicas: INestMicroservice[];
  let client: ClientProxy;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    replicas = [await replica('a', handled), await replica('b', handled)];
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [TEST_NATS_URL] } });
    await client.connect();
  });

  afterAll(async () => {
    await client.close();
    await Promise.all(replicas.map((r) => r.close()));
  });

  it('answers each request once, with replicas sharing the load', async () => {
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => callRpc(client, Double, { n: i })),
    );

    expect(replies.map((r) => r.n)).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
    expect(handled).toHaveLength(40);
    expect(new Set(replies.map((r) => r.by))).toEqual(new Set(['a', 'b']));
  });

  it('raises the coded error of a failed request', async () => {
    await expect(callRpc(client, Double, { n: -1 })).rejects.toMatchObject({
      constructor: RemoteError,
      code: 'INTERNAL',
    });
  });

  it('a request that reaches a server after its caller gave up is refused, and the handler never runs', async () => {
    const before = handled.length;
    const late = await firstValueFrom(
      client.send(Double.subject, { n: 7, deadlineAt: Date.now() - 1 }).pipe(timeout(2000)),
    );

    expect(late).toMatchObject({ ok: false, error: { code: 'RPC.DEADLINE_EXCEEDED' } });
    expect(handled).toHaveLength(before);
    await expect(callRpc(client, Double, { n: 7 }, 2000)).resolves.toMatchObject({ n: 14 });
    expect(handled).toHaveLength(before + 1);
  });

  it('refuses to send a request that breaks the contract', async () => {
    await expect(callRpc(client, Double, { n: 1.5 })).rejects.toThrow(/expected int/i);
  });

  it('tells that nobody answers a subject in time', async () => {
    const Nobody = defineRpc({
      subject: `test${suffix}.cmd.nobody`,
      request: z.object({}),
      reply: z.object({}),
    });

    await expect(callRpc(client, Nobody, {}, 300)).rejects.toBeInstanceOf(PeerUnavailable);
  });
});
