/**
 * find-user-by-phone over NATS against 100,000 users of one tenant, beside a bare request/reply echo
 * measured in the same run, with the same client and Nest's NATS transport on both sides. The
 * identity module (the real handler, repository and SQL) runs in this process on a database of its
 * own. Prints p50/p99 and requests per second; asserts nothing but that every lookup found its user.
 * `npm run bench` (builds first). N via BENCH_REQUESTS (default 5000), users via BENCH_USERS.
 * Run it without a stack on the same NATS: a running identity app would answer some requests too.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ClientProxyFactory,
  MessagePattern,
  Payload,
  Transport,
  type ClientProxy,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { FindUserByPhone } from '@tp/contracts';
import {
  callRpc,
  dropDatabase,
  ensureDatabase,
  loadEnv,
  migrateApp,
  ormSettings,
  PlatformEnvSchema,
} from '@tp/platform';
import { Client } from 'pg';
import { firstValueFrom } from 'rxjs';
import { identityApp } from '../apps/identity/src/identity.app';
import { IdentityModule } from '../apps/identity/src/identity.module';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const N = Number(process.env.BENCH_REQUESTS ?? 5000);
const WARMUP = 500;
const BATCH = 5000;
const TENANT = 'bench-tenant';

const e164 = (i: number) => `+1415${String(2_000_000 + i)}`;
/** The same number as a person or a carrier might write it, so that normalisation is measured too. */
const typed = (i: number) => {
  const digits = String(2_000_000 + i);
  return `+1 415-${digits.slice(0, 3)}-${digits.slice(3)}`;
};

async function load(databaseUrl: string): Promise<{ ids: string[]; ms: number }> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const ids = Array.from({ length: USERS }, () => randomUUID());
  const t = performance.now();
  try {
    for (let from = 0; from < USERS; from += BATCH) {
      const slice = ids.slice(from, from + BATCH);
      const index = slice.map((_, j) => from + j);
      await pg.query('begin');
      await pg.query(
        `insert into identity.user_account
           (id, tenant_id, name, email, time_zone, status, pin_hash, skills, skill_keys, version, created_at, updated_at)
         select id, $1, name, email, null, 'active', null, '[{"name":"billing","proficiency":5}]'::jsonb,
                '{billing}', 1, now(), now()
           from unnest($2::uuid[], $3::text[], $4::text[]) as t(id, name, email)`,
        [TENANT, slice, index.map((i) => `Agent ${i}`), index.map((i) => `agent${i}@bench.example.com`)],
      );
      await pg.query(
        `insert into identity.user_extension (id, tenant_id, user_id, type, number, ext, description, position, created_at)
         select gen_random_uuid(), $1, user_id, 'pstn', number, null, 'bench', 0, now()
           from unnest($2::uuid[], $3::text[]) as t(user_id, number)`,
        [TENANT, slice, index.map(e164)],
      );
      await pg.query('commit');
    }
    await pg.query('analyze identity.user_account; analyze identity.user_extension');
  } finally {
    await pg.end();
  }
  return { ids, ms: performance.now() - t };
}

function stats(samples: number[], totalMs: number): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return [
    `p50 ${at(0.5).toFixed(3)} ms`,
    `p99 ${at(0.99).toFixed(3)} ms`,
    `max ${sorted.at(-1)!.toFixed(2)} ms`,
    `${Math.round((samples.length / totalMs) * 1000).toLocaleString('en-US')} req/s`,
  ].join('   ');
}

async function measure(
  n: number,
  request: (i: number) => Promise<void>,
): Promise<{ samples: number[]; totalMs: number }> {
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i += 1) {
    const t = performance.now();
    await request(i);
    samples.push(performance.now() - t);
  }
  return { samples, totalMs: performance.now() - start };
}

async function main(): Promise<void> {
  const base = new URL(
    process.env.TEST_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  base.pathname = `/tp_bench_identity_${Date.now().toString(36)}`;
  const databaseUrl = base.toString();
  process.env.DATABASE_URL = databaseUrl;
  const env = loadEnv(PlatformEnvSchema);
  const echoSubject = `bench.${Date.now().toString(36)}.cmd.echo`;

  @Controller()
  class EchoController {
    @MessagePattern(echoSubject)
    echo(@Payload() payload: unknown): unknown {
      return payload;
    }
  }
  @Module({ imports: [IdentityModule], controllers: [EchoController] })
  class BenchModule {}

  await ensureDatabase(databaseUrl);
  let app: NestFastifyApplication | null = null;
  let client: ClientProxy | null = null;
  try {
    await migrateApp(ormSettings(identityApp, env));
    const loaded = await load(databaseUrl);

    app = await NestFactory.create<NestFastifyApplication>(BenchModule, new FastifyAdapter(), {
      logger: ['error', 'warn'],
    });
    app.connectMicroservice<MicroserviceOptions>(
      { transport: Transport.NATS, options: { servers: env.NATS_URL.split(','), queue: `identity-bench` } },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    await app.init();
    client = ClientProxyFactory.create({
      transport: Transport.NATS,
      options: { servers: env.NATS_URL.split(',') },
    });
    await client.connect();
    const nats = client;

    const pick = (i: number) => (i * 7919) % USERS; // spread over the whole table, not a hot few rows
    let wrong = 0;
    const echo = async (i: number) => {
      await firstValueFrom(nats.send(echoSubject, { tenantId: TENANT, phone: typed(pick(i)) }));
    };
    const findRaw = async (i: number) => {
      const reply = await firstValueFrom(
        nats.send<{ ok: boolean; data?: { found: boolean; user?: { id: string } } }>(
          FindUserByPhone.subject,
          { tenantId: TENANT, phone: typed(pick(i)) },
        ),
      );
      if (reply.data?.user?.id !== loaded.ids[pick(i)]) wrong += 1;
    };
    const findRpc = async (i: number) => {
      const reply = await callRpc(nats, FindUserByPhone, { tenantId: TENANT, phone: typed(pick(i)) });
      if (!reply.found || reply.user.id !== loaded.ids[pick(i)]) wrong += 1;
    };

    await measure(WARMUP, echo);
    await measure(WARMUP, findRaw);
    // Interleaved rounds, so that neither side gets a quieter stretch of the machine.
    const rounds = 5;
    const results = { echo: [] as number[], raw: [] as number[], rpc: [] as number[] };
    const totals = { echo: 0, raw: 0, rpc: 0 };
    for (let r = 0; r < rounds; r += 1) {
      for (const [key, fn] of [
        ['echo', echo],
        ['raw', findRaw],
        ['rpc', findRpc],
      ] as const) {
        const m = await measure(N / rounds, (i) => fn(i + r * (N / rounds)));
        results[key].push(...m.samples);
        totals[key] += m.totalMs;
      }
    }

    const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(0.99 * xs.length)];
    console.log(
      `\nidentity find-user-by-phone benchmark: ${USERS.toLocaleString('en-US')} users with a PSTN number each in one tenant, ${N} sequential requests per line`,
    );
    console.log(`  loaded in ${(loaded.ms / 1000).toFixed(1)} s (multi-row INSERTs of ${BATCH})`);
    console.log(
      `  bare echo (Nest NATS transport, no handler work)         ${stats(results.echo, totals.echo)}`,
    );
    console.log(
      `  find-user-by-phone (client.send, server validates)       ${stats(results.raw, totals.raw)}`,
    );
    console.log(
      `  find-user-by-phone (callRpc, both sides validate)        ${stats(results.rpc, totals.rpc)}`,
    );
    console.log(
      `  p99 over the bare round trip: +${(p99(results.raw) - p99(results.echo)).toFixed(3)} ms (client.send), +${(p99(results.rpc) - p99(results.echo)).toFixed(3)} ms (callRpc); target: within 1 ms`,
    );
    console.log(`  lookups that did not find their user: ${wrong}\n`);
    if (wrong > 0) process.exitCode = 1;
  } finally {
    await client?.close();
    await app?.close();
    await dropDatabase(databaseUrl);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
