import { Controller, Logger, Module, type INestMicroservice } from '@nestjs/common';
import {
  ClientProxyFactory,
  MessagePattern,
  Payload,
  Transport,
  type ClientProxy,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/nats-core';
import {
  eventStreamName,
  FindFlowsUsingPrompts,
  GetPrompts,
  MEDIA_EVENTS_V1,
  PromptChangedV1,
  PromptCreatedV1,
  PromptDeletedV1,
  type CloudEvent,
  type FlowRefV1,
  type PromptV1,
} from '@tp/contracts';
import {
  callRpc,
  connectNats,
  HttpErrorFilter,
  loadEnv,
  migrateApp,
  mintAdminToken,
  ormSettings,
  PlatformEnvSchema,
  serveRpc,
} from '@tp/platform';
import { createTestDatabase, TEST_NATS_URL, uniqueSuffix } from '@tp/stack-harness';
import { firstValueFrom } from 'rxjs';
import { mediaApp } from '../media.app';
import { MediaModule } from '../media.module';

/** What the admin API answers: a prompt, a page, a starter set result or an error. */
interface ResponseBody extends Partial<PromptV1> {
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
  errors?: { field: string; reason: string }[];
  items?: PromptV1[];
  total?: number;
  limit?: number;
  offset?: number;
  created?: number;
  prompts?: { role: string; status: string; prompt: PromptV1 }[];
}

/**
 * The media app as it runs: Fastify + the NATS microservice, on a database of its own, against the
 * real PostgreSQL and NATS. Tenants are unique to this run, so the shared MEDIA_EVENTS stream is
 * read filtered by them.
 */
describe('media app: prompts over HTTP and NATS', () => {
  const suffix = uniqueSuffix();
  const acme = `acme-${suffix}`;
  const globex = `globex-${suffix}`;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: NestFastifyApplication;
  let client: ClientProxy;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, NATS_URL: process.env.NATS_URL };

  const env = loadEnv(PlatformEnvSchema, {});
  const token = (tenantId: string) =>
    mintAdminToken(env.AUTH_JWT_SECRET, {
      tenantId,
      subject: 'test',
      issuer: env.AUTH_JWT_ISSUER,
      ttlSeconds: 300,
    });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    db = await createTestDatabase('media');
    process.env.DATABASE_URL = db.url;
    process.env.NATS_URL = TEST_NATS_URL;
    process.env.MEDIA_USAGE_CHECK_TIMEOUT_MS = '500';
    process.env.OUTBOX_POLL_MS = '50';
    await migrateApp(ormSettings(mediaApp, loadEnv(PlatformEnvSchema)));

    const moduleRef = await Test.createTestingModule({ imports: [MediaModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    app.useGlobalFilters(new HttpErrorFilter());
    app.connectMicroservice<MicroserviceOptions>(
      { transport: Transport.NATS, options: { servers: [TEST_NATS_URL], queue: `media-test-${suffix}` } },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();

    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [TEST_NATS_URL] } });
    await client.connect();
    nc = await connectNats(TEST_NATS_URL, `media-int-${suffix}`);
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await client?.close();
    await nc?.drain();
    await app?.close();
    await db?.drop();
    process.env.DATABASE_URL = saved.DATABASE_URL;
    process.env.NATS_URL = saved.NATS_URL;
    delete process.env.MEDIA_USAGE_CHECK_TIMEOUT_MS;
    delete process.env.OUTBOX_POLL_MS;
  });

  type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
  const call = async (method: Method, url: string, tenantId: string | null, payload?: unknown) => {
    const response = await app.inject({
      method,
      url,
      headers: tenantId ? { authorization: `Bearer ${token(tenantId)}` } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return {
      status: response.statusCode,
      body: response.body ? response.json<ResponseBody>() : null,
    };
  };

  const tts = (text = 'Welcome to the line.') => ({
    kind: 'tts',
    text,
    voice: 'Polly.Joanna',
    language: 'en-US',
  });
  let names = 0;
  const createPrompt = async (tenantId: string, extra: Record<string, unknown> = {}) => {
    names += 1;
    const created = await call('POST', '/v1/prompts', tenantId, {
      name: `Prompt ${names}`,
      content: tts(),
      ...extra,
    });
    expect(created.status).toBe(201);
    return created.body as { id: string; name: string; version: number };
  };

  /** Every event of the tenant stored so far on MEDIA_EVENTS, oldest first. */
  async function eventsOf(tenantId: string): Promise<CloudEvent<Record<string, unknown>>[]> {
    const stream = eventStreamName('media');
    const info = await jsm.consumers.add(stream, {
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      filter_subject: `media.evt.${tenantId}.>`,
      inactive_threshold: nanos(30_000),
    });
    const pending = info.num_pending;
    const events: CloudEvent<Record<string, unknown>>[] = [];
    if (pending > 0) {
      const consumer = await jetstream(nc).consumers.get(stream, info.name);
      const messages = await consumer.fetch({ max_messages: pending, expires: 2000 });
      for await (const msg of messages) {
        events.push(msg.json());
        if (events.length === pending) break;
      }
    }
    await jsm.consumers.delete(stream, info.name).catch(() => undefined);
    return events;
  }

  async function waitForEvents(tenantId: string, count: number) {
    const deadline = Date.now() + 10_000;
    let events = await eventsOf(tenantId);
    while (events.length < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      events = await eventsOf(tenantId);
    }
    return events;
  }

  describe('admin credential', () => {
    it('answers 401 without one', async () => {
      const response = await call('GET', '/v1/prompts', null);

      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'AUTH.MISSING_CREDENTIAL' });
    });
  });

  describe('create and read', () => {
    it('creates a text-to-speech prompt and reads it back', async () => {
      const created = await call('POST', '/v1/prompts', acme, {
        name: ' Welcome ',
        role: 'welcome',
        content: { kind: 'tts', text: 'Welcome.', voice: 'Polly.Joanna', language: 'en-us' },
      });

      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        tenantId: acme,
        name: 'Welcome',
        role: 'welcome',
        content: { kind: 'tts', text: 'Welcome.', voice: 'Polly.Joanna', language: 'en-US' },
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const read = await call('GET', `/v1/prompts/${created.body!.id}`, acme);
      expect(read).toEqual({ status: 200, body: created.body });
    });

    it('creates an audio prompt', async () => {
      const created = await call('POST', '/v1/prompts', acme, {
        name: 'Hold music',
        content: { kind: 'audio', url: 'https://cdn.example.com/hold.mp3' },
      });

      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        role: null,
        content: { kind: 'audio', url: 'https://cdn.example.com/hold.mp3' },
      });
    });

    it('refuses a name the tenant already has, ignoring case, but not one of another tenant', async () => {
      const first = await createPrompt(acme, { name: 'Queue greeting' });

      const again = await call('POST', '/v1/prompts', acme, { name: 'QUEUE GREETING', content: tts() });
      const elsewhere = await call('POST', '/v1/prompts', globex, { name: 'Queue greeting', content: tts() });

      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        code: 'MEDIA.PROMPT_NAME_TAKEN',
        details: { field: 'name', existingPromptId: first.id },
      });
      expect(elsewhere.status).toBe(201);
    });
  });

  describe('validation', () => {
    const fieldsOf = (body: ResponseBody | null) => body?.errors?.map((e) => e.field);

    it('answers 400 naming every bad field of a text-to-speech prompt', async () => {
      const response = await call('POST', '/v1/prompts', acme, {
        name: '   ',
        content: { kind: 'tts', text: 'x'.repeat(4097), voice: 'robot voice', language: 'english' },
      });

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'REQUEST.INVALID' });
      expect(fieldsOf(response.body)).toEqual(['name', 'content.text', 'content.voice', 'content.language']);
      expect(response.body!.errors![1].reason).toBe('is longer than 4096 characters');
    });

    it.each([
      [
        'an http audio URL',
        { name: 'A', content: { kind: 'audio', url: 'http://example.com/a.mp3' } },
        'content.url',
      ],
      ['an unknown role', { name: 'A', role: 'greeting', content: tts() }, 'role'],
      [
        'an unknown content kind',
        { name: 'A', content: { kind: 'video', url: 'https://x.example/' } },
        'content.kind',
      ],
      ['no content', { name: 'A' }, 'content'],
    ])('answers 400 for %s, naming %s', async (_what, payload, field) => {
      const response = await call('POST', '/v1/prompts', acme, payload);

      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toContain(field);
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['offset=-1', 'offset'],
      ['role=greeting', 'role'],
    ])('answers 400 for a list with %s', async (query, field) => {
      const response = await call('GET', `/v1/prompts?${query}`, acme);

      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toEqual([field]);
    });

    it.each([
      ['a NUL character', 'Welcome\u0000'],
      ['an unpaired UTF-16 surrogate', 'Welcome \uD800'],
    ])('answers 400 naming content.text for text with %s, and stores nothing', async (_what, text) => {
      const tenant = `nul-${uniqueSuffix()}`;

      const response = await call('POST', '/v1/prompts', tenant, { name: 'Bad text', content: tts(text) });

      expect(response.status).toBe(400);
      expect(response.body!.errors).toEqual([
        { field: 'content.text', reason: expect.stringMatching(/NUL/) },
      ]);
      expect((await call('GET', '/v1/prompts', tenant)).body).toMatchObject({ total: 0 });
    });

    it('answers 400 for an update that changes nothing', async () => {
      const prompt = await createPrompt(acme);

      const response = await call('PATCH', `/v1/prompts/${prompt.id}`, acme, {});

      expect(response.status).toBe(400);
    });
  });

  describe('list', () => {
    it("pages through the tenant's prompts by name, filtered by role", async () => {
      const tenant = `list-${suffix}`;
      for (const [name, role] of [
        ['Delta', 'online'],
        ['alpha', null],
        ['Charlie', 'online'],
        ['bravo', 'offline'],
      ] as const)
        await createPrompt(tenant, { name, role });

      const page = await call('GET', '/v1/prompts?limit=2&offset=1', tenant);
      const online = await call('GET', '/v1/prompts?role=online', tenant);
      const defaults = await call('GET', '/v1/prompts', tenant);

      expect(page.status).toBe(200);
      expect({ ...page.body, items: page.body!.items!.map((p) => p.name) }).toEqual({
        items: ['bravo', 'Charlie'],
        total: 4,
        limit: 2,
        offset: 1,
      });
      expect(online.body!.items!.map((p) => p.name)).toEqual(['Charlie', 'Delta']);
      expect(defaults.body).toMatchObject({ total: 4, limit: 50, offset: 0 });
    });
  });

  describe('update', () => {
    it('changes name, role and content, bumping the version', async () => {
      const prompt = await createPrompt(acme);

      const updated = await call('PATCH', `/v1/prompts/${prompt.id}`, acme, {
        name: 'Renamed',
        role: 'offline',
        content: { kind: 'audio', url: 'https://cdn.example.com/offline.mp3' },
        expectedVersion: 1,
      });

      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        id: prompt.id,
        name: 'Renamed',
        role: 'offline',
        content: { kind: 'audio', url: 'https://cdn.example.com/offline.mp3' },
        version: 2,
      });
      expect((await call('GET', `/v1/prompts/${prompt.id}`, acme)).body).toEqual(updated.body);
    });

    it('refuses an edit of an older version with 409', async () => {
      const prompt = await createPrompt(acme);
      await call('PATCH', `/v1/prompts/${prompt.id}`, acme, { role: 'online' });

      const stale = await call('PATCH', `/v1/prompts/${prompt.id}`, acme, {
        role: 'offline',
        expectedVersion: 1,
      });

      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({
        code: 'MEDIA.PROMPT_VERSION_MISMATCH',
        details: { expectedVersion: 1, version: 2 },
      });
    });

    it("refuses another prompt's name", async () => {
      const a = await createPrompt(acme);
      const b = await createPrompt(acme);

      const response = await call('PATCH', `/v1/prompts/${b.id}`, acme, { name: a.name.toUpperCase() });

      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'MEDIA.PROMPT_NAME_TAKEN' });
    });
  });

  describe('tenancy', () => {
    it("answers 404 on every route for another tenant's prompt, and changes nothing", async () => {
      const prompt = await createPrompt(acme, { role: 'welcome' });
      const url = `/v1/prompts/${prompt.id}`;

      const responses = [
        await call('GET', url, globex),
        await call('PATCH', url, globex, { name: 'Stolen' }),
        await call('DELETE', url, globex),
      ];

      expect(responses.map((r) => [r.status, r.body?.code])).toEqual(
        Array(3).fill([404, 'MEDIA.PROMPT_NOT_FOUND']),
      );
      const list = await call('GET', '/v1/prompts?limit=200', globex);
      expect(list.body!.items!.map((p) => p.id)).not.toContain(prompt.id);
      expect((await call('GET', url, acme)).body).toMatchObject({ name: prompt.name, version: 1 });
    });

    it('answers 404 for an id that is not a prompt id at all', async () => {
      expect((await call('GET', '/v1/prompts/not-a-uuid', acme)).status).toBe(404);
      expect((await call('GET', '/v1/prompts/00000000-0000-4000-8000-000000000000', acme)).status).toBe(404);
    });
  });

  describe('starter set', () => {
    it("creates the starter set (the vendor page's seven prompts, the until-a-time pair, the break's two) once; a second call creates nothing and says which exist", async () => {
      const tenant = `starter-${suffix}`;

      const first = await call('POST', '/v1/prompts/starter-set', tenant);
      const second = await call('POST', '/v1/prompts/starter-set', tenant, { voice: 'Polly.Matthew' });

      expect(first.status).toBe(201);
      expect(first.body!.created).toBe(11);
      const roles = [
        'welcome',
        'resource-lookup-error',
        'preset-hours',
        'custom-hours',
        'invalid-input',
        'online',
        'offline',
        'until-time',
        'until-time-confirm',
        'break-started',
        'break-not-online',
      ];
      expect(first.body!.prompts!.map((e) => [e.role, e.status])).toEqual(roles.map((r) => [r, 'created']));
      const menu = first.body!.prompts!.find((e) => e.role === 'preset-hours')!.prompt;
      expect(menu.content).toHaveProperty(
        'text',
        'To go online for 8 hours, press 1. To go online for 24 hours, press 2. To go online for 48 hours, press 3. ' +
          'To go online for 72 hours, press 4. To enter a custom number of hours that you want to go online for, press 9. ' +
          'To go offline, press 0.',
      );
      expect(second.status).toBe(200);
      expect(second.body!.created).toBe(0);
      expect(second.body!.prompts!.map((e) => [e.role, e.status])).toEqual(roles.map((r) => [r, 'exists']));
      expect((await call('GET', '/v1/prompts', tenant)).body!.total).toBe(11);
      expect((await call('GET', '/v1/prompts', globex)).body!.items!.map((p) => p.role)).not.toContain(
        'preset-hours',
      );
    });

    it('answers 400 for a bad voice', async () => {
      const response = await call('POST', '/v1/prompts/starter-set', acme, { voice: 'not a voice' });

      expect(response.status).toBe(400);
      expect(response.body!.errors).toEqual([{ field: 'voice', reason: expect.any(String) }]);
    });
  });

  describe(`NATS ${GetPrompts.subject}`, () => {
    it("answers the tenant's prompts in one request; other ids, another tenant's included, are missing", async () => {
      const a = await createPrompt(acme);
      const b = await createPrompt(acme, {
        content: { kind: 'audio', url: 'https://cdn.example.com/b.mp3' },
      });
      const theirs = await createPrompt(globex);
      const unknown = '00000000-0000-4000-8000-000000000000';

      const reply = await callRpc(client, GetPrompts, {
        tenantId: acme,
        ids: [b.id, theirs.id, a.id, unknown],
      });

      expect(reply.prompts.map((p) => p.id)).toEqual([b.id, a.id]);
      expect(reply.prompts[0]).toEqual((await call('GET', `/v1/prompts/${b.id}`, acme)).body);
      expect(reply.missing).toEqual([theirs.id, unknown]);
    });

    it.each([
      ['no ids', []],
      ['more than 50 ids', Array.from({ length: 51 }, (_, i) => `id-${i}`)],
    ])('answers a coded error for a request with %s', async (_what, ids) => {
      const raw = await firstValueFrom(client.send<unknown>(GetPrompts.subject, { tenantId: acme, ids }));

      expect(raw).toEqual({
        ok: false,
        error: { code: 'RPC.INVALID_REQUEST', message: expect.stringMatching(/^ids: /) },
      });
    });
  });

  describe('delete', () => {
    it('answers 503 and keeps the prompt when flow-runtime does not answer', async () => {
      const prompt = await createPrompt(acme);

      const response = await call('DELETE', `/v1/prompts/${prompt.id}`, acme);

      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({
        code: 'MEDIA.USAGE_UNKNOWN',
        message: expect.stringMatching(/could not check .* nothing was deleted/),
      });
      expect((await call('GET', `/v1/prompts/${prompt.id}`, acme)).status).toBe(200);
    });

    describe('with flow-runtime answering', () => {
      const uses = new Map<string, FlowRefV1[]>();
      const asked: { tenantId: string; promptIds: string[] }[] = [];
      const broken = new Set<string>();
      let flowRuntime: INestMicroservice;

      beforeAll(async () => {
        @Controller()
        class FakeFlowRuntime {
          @MessagePattern(FindFlowsUsingPrompts.subject)
          find(@Payload() payload: unknown) {
            return serveRpc(FindFlowsUsingPrompts, payload, async ({ tenantId, promptIds }) => {
              asked.push({ tenantId, promptIds });
              if (promptIds.some((id) => broken.has(id))) throw new Error('flow store unreachable');
              return { flows: promptIds.flatMap((id) => uses.get(`${tenantId}/${id}`) ?? []) };
            });
          }
        }
        @Module({ controllers: [FakeFlowRuntime] })
        class FakeFlowRuntimeModule {}
        const moduleRef = await Test.createTestingModule({ imports: [FakeFlowRuntimeModule] }).compile();
        flowRuntime = moduleRef.createNestMicroservice<MicroserviceOptions>({
          transport: Transport.NATS,
          options: { servers: [TEST_NATS_URL], queue: `flow-runtime-test-${suffix}` },
        });
        await flowRuntime.listen();
      });

      afterAll(() => flowRuntime?.close());

      it('answers 409 naming the published flows that play the prompt, and keeps it', async () => {
        const prompt = await createPrompt(acme);
        const flows = [
          { flowId: 'flow-1', name: 'Timed Presence', version: 3 },
          { flowId: 'flow-2', name: 'Support line', version: 1 },
        ];
        uses.set(`${acme}/${prompt.id}`, flows);

        const response = await call('DELETE', `/v1/prompts/${prompt.id}`, acme);

        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({
          code: 'MEDIA.PROMPT_IN_USE',
          message: expect.stringContaining('"Timed Presence" (v3), "Support line" (v1)'),
          details: { promptId: prompt.id, flows },
        });
        expect(asked).toContainEqual({ tenantId: acme, promptIds: [prompt.id] });
        expect((await call('GET', `/v1/prompts/${prompt.id}`, acme)).status).toBe(200);
      });

      it('answers 503 and keeps the prompt when flow-runtime answers with an error', async () => {
        const prompt = await createPrompt(acme);
        broken.add(prompt.id);

        const response = await call('DELETE', `/v1/prompts/${prompt.id}`, acme);

        expect(response.status).toBe(503);
        expect(response.body).toMatchObject({
          code: 'MEDIA.USAGE_UNKNOWN',
          message: expect.stringContaining('flow-runtime answered INTERNAL'),
        });
        expect((await call('GET', `/v1/prompts/${prompt.id}`, acme)).status).toBe(200);
      });

      it('deletes a prompt no published flow plays', async () => {
        const prompt = await createPrompt(acme);

        const response = await call('DELETE', `/v1/prompts/${prompt.id}`, acme);

        expect(response.status).toBe(204);
        expect((await call('GET', `/v1/prompts/${prompt.id}`, acme)).status).toBe(404);
        expect((await call('DELETE', `/v1/prompts/${prompt.id}`, acme)).status).toBe(404);
      });
    });
  });

  describe('events', () => {
    it('publishes created, changed and deleted on MEDIA_EVENTS, in order, as CloudEvents of the contracts', async () => {
      const tenant = `events-${suffix}`;
      await call('POST', '/v1/prompts', `other-${suffix}`, { name: 'Noise', content: tts() });
      const prompt = await createPrompt(tenant, { name: 'Online', role: 'online' });
      await call('PATCH', `/v1/prompts/${prompt.id}`, tenant, { content: tts('You are online.') });
      await call('PATCH', `/v1/prompts/${prompt.id}`, tenant, { content: tts('You are online.') }); // no change
      const flowRuntime = await serveNoFlows();
      try {
        expect((await call('DELETE', `/v1/prompts/${prompt.id}`, tenant)).status).toBe(204);
      } finally {
        await flowRuntime.close();
      }

      const events = await waitForEvents(tenant, 3);

      expect(events.map((e) => [e.type, e.subject, e.data.version])).toEqual([
        [PromptCreatedV1.type, prompt.id, 1],
        [PromptChangedV1.type, prompt.id, 2],
        [PromptDeletedV1.type, prompt.id, 3],
      ]);
      expect(PromptCreatedV1.envelopeSchema.parse(events[0])).toMatchObject({
        source: 'timed-presence/media',
        data: { tenantId: tenant, promptId: prompt.id, prompt: { name: 'Online', role: 'online' } },
      });
      expect(PromptChangedV1.envelopeSchema.parse(events[1]).data).toMatchObject({
        changed: ['content'],
        prompt: { content: { text: 'You are online.' }, version: 2 },
      });
      expect(PromptDeletedV1.envelopeSchema.parse(events[2]).data).toMatchObject({
        name: 'Online',
        version: 3,
      });
      expect(new Set(events.map((e) => e.id)).size).toBe(3);
      expect(MEDIA_EVENTS_V1.map((c) => c.subjectFor(tenant))).toEqual([
        `media.evt.${tenant}.prompt-created.v1`,
        `media.evt.${tenant}.prompt-changed.v1`,
        `media.evt.${tenant}.prompt-deleted.v1`,
      ]);
    });

    it('publishes nothing for a refused change', async () => {
      const tenant = `refused-${suffix}`;
      const prompt = await createPrompt(tenant);
      await call('PATCH', `/v1/prompts/${prompt.id}`, tenant, {
        content: { kind: 'audio', url: 'http://x.example/' },
      });
      await call('DELETE', `/v1/prompts/${prompt.id}`, tenant); // nobody answers: 503
      const marker = await createPrompt(tenant);

      const events = await waitForEvents(tenant, 2);

      expect(events.map((e) => [e.type, e.subject])).toEqual([
        [PromptCreatedV1.type, prompt.id],
        [PromptCreatedV1.type, marker.id],
      ]);
    });
  });

  /** A flow-runtime that says no flow uses anything. */
  async function serveNoFlows(): Promise<INestMicroservice> {
    @Controller()
    class NoFlows {
      @MessagePattern(FindFlowsUsingPrompts.subject)
      find(@Payload() payload: unknown) {
        return serveRpc(FindFlowsUsingPrompts, payload, async () => ({ flows: [] }));
      }
    }
    @Module({ controllers: [NoFlows] })
    class NoFlowsModule {}
    const moduleRef = await Test.createTestingModule({ imports: [NoFlowsModule] }).compile();
    const service = moduleRef.createNestMicroservice<MicroserviceOptions>({
      transport: Transport.NATS,
      options: { servers: [TEST_NATS_URL], queue: `no-flows-${suffix}` },
    });
    await service.listen();
    return service;
  }
});
