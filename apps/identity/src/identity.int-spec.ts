import { MikroORM } from '@mikro-orm/postgresql';
import { Logger, type INestApplication } from '@nestjs/common';
import {
  ClientProxyFactory,
  Transport,
  type ClientProxy,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  eventStreamName,
  eventWildcard,
  FindUserByPhone,
  IDENTITY_EVENTS_V1,
  VerifyPin,
  type CloudEvent,
} from '@tp/contracts';
import {
  callRpc,
  connectNats,
  createOrmOptions,
  HttpErrorFilter,
  type ErrorBody,
  loadEnv,
  migrateApp,
  mintAdminToken,
  ormSettings,
  PlatformEnvSchema,
  RemoteError,
} from '@tp/platform';
import { createTestDatabase, TEST_NATS_URL, uniqueSuffix } from '@tp/stack-harness';
import type { PinFailuresView } from './application/list-pin-failures/list-pin-failures.handler';
import type { UserListView } from './application/list-users/list-users.handler';
import type { UserView } from './application/user.view';
import { identityApp } from './identity.app';

/** Whatever a route answers: a user, a page, PIN failures or an error (a test reads what it expects). */
type Body = UserView & UserListView & PinFailuresView & ErrorBody;
import { IdentityModule } from './identity.module';

/**
 * The identity app as it runs (Nest, Fastify, the NATS transport with its queue group, MikroORM on
 * a migrated database of its own, the outbox relay), driven through its REST API and NATS subjects.
 * The integration setup gives this file a NATS server of its own (TEST_NATS_URL): the request/reply
 * subjects are fixed by contract, and another identity app would otherwise answer some requests.
 */
describe('identity app (PostgreSQL + NATS)', () => {
  const savedEnv = { ...process.env };
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: NestFastifyApplication;
  let client: ClientProxy;
  let nc: NatsConnection;
  let orm: MikroORM;
  let secret: string;
  let issuer: string;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    db = await createTestDatabase('identity');
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      NATS_URL: TEST_NATS_URL,
      OUTBOX_POLL_MS: '50',
      IDENTITY_DEFAULT_TIME_ZONE: 'America/Chicago',
    });
    const env = loadEnv(PlatformEnvSchema);
    secret = env.AUTH_JWT_SECRET;
    issuer = env.AUTH_JWT_ISSUER;
    await migrateApp(ormSettings(identityApp, env));

    const moduleRef = await Test.createTestingModule({ imports: [IdentityModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    app.useGlobalFilters(new HttpErrorFilter());
    app.connectMicroservice<MicroserviceOptions>(
      { transport: Transport.NATS, options: { servers: [TEST_NATS_URL], queue: 'identity' } },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();

    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [TEST_NATS_URL] } });
    await client.connect();
    nc = await connectNats(TEST_NATS_URL, 'identity-int-spec');
    orm = await MikroORM.init(createOrmOptions({ ...ormSettings(identityApp, env), poolMax: 2 }));
  });

  afterAll(async () => {
    await client?.close();
    await nc?.drain();
    await orm?.close(true);
    await (app as INestApplication | undefined)?.close();
    await db?.drop();
    process.env = savedEnv;
  });

  // ---- helpers ---------------------------------------------------------------------------------

  const newTenant = () => `t${uniqueSuffix()}`;
  const token = (tenantId: string) =>
    mintAdminToken(secret, { tenantId, subject: 'int-spec', issuer, ttlSeconds: 600 });

  async function http(
    tenantId: string | null,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
  ): Promise<{ status: number; body: Body | undefined }> {
    const response = await app.inject({
      method,
      url,
      headers: tenantId === null ? {} : { authorization: `Bearer ${token(tenantId)}` },
      ...(payload === undefined ? {} : { payload }),
    });
    return {
      status: response.statusCode,
      body: response.body === '' ? undefined : response.json<Body>(),
    };
  }

  async function createUser(tenantId: string, body: object): Promise<Body> {
    const response = await http(tenantId, 'POST', '/v1/users', body);
    expect(response.status).toBe(201);
    return response.body!;
  }

  let counter = 0;
  const someone = (extra: object = {}) => {
    counter += 1;
    return { name: `Agent ${counter}`, email: `agent${counter}@example.com`, ...extra };
  };

  /** The tenant's identity events, in stream order, once `count` of them are there. */
  async function eventsOf(
    tenantId: string,
    count: number,
  ): Promise<{ subject: string; msgId: string | undefined; event: CloudEvent }[]> {
    const js = jetstream(nc);
    const consumer = await js.consumers.get(eventStreamName('identity'), {
      filter_subjects: eventWildcard('identity', tenantId),
    });
    const seen: { subject: string; msgId: string | undefined; event: CloudEvent }[] = [];
    const deadline = Date.now() + 10_000;
    while (seen.length < count && Date.now() < deadline) {
      const batch = await consumer.fetch({ max_messages: count - seen.length, expires: 1000 });
      for await (const msg of batch) {
        seen.push({
          subject: msg.subject,
          msgId: msg.headers?.get('Nats-Msg-Id'),
          event: msg.json<CloudEvent>(),
        });
      }
    }
    return seen;
  }

  async function pinFailureRows(tenantId: string, userId: string) {
    return orm.em
      .fork()
      .execute<{ outcome: string; call_sid: string | null; source: string; attempted_at: Date }[]>(
        'select outcome, call_sid, source, attempted_at from "identity"."pin_failure" where tenant_id = ? and user_id = ? order by id',
        [tenantId, userId],
      );
  }

  // ---- numbers ---------------------------------------------------------------------------------

  describe('numbers', () => {
    it('stores the vendor example +1-234-567-8910 as +12345678910 and finds it however it is typed', async () => {
      const tenant = newTenant();
      const created = await createUser(
        tenant,
        someone({
          extensions: [
            { type: 'pstn', number: '+1-234-567-8910', ext: '12', description: 'John Smith - mobile' },
          ],
        }),
      );

      expect(created.extensions).toEqual([
        {
          id: expect.any(String),
          type: 'pstn',
          number: '+12345678910',
          ext: '12',
          description: 'John Smith - mobile',
        },
      ]);
      const listed = await http(tenant, 'GET', `/v1/users?number=${encodeURIComponent('+1 (234) 567-8910')}`);
      expect(listed.body!.items.map((u: { id: string }) => u.id)).toEqual([created.id]);
    });

    it.each([
      ['too short', '+1 234 567 891', /too-short/],
      ['letters', 'call me', /not-a-phone-number/],
      ['no country code', '234-567-8910', /missing-country-code/],
      ['an unknown country code', '+999 1234567', /unknown-country-code/],
    ])('rejects a number that is %s with 400 naming the field and why', async (_case, number, why) => {
      const tenant = newTenant();
      const user = await createUser(tenant, someone());

      const added = await http(tenant, 'POST', `/v1/users/${user.id}/extensions`, { type: 'pstn', number });
      const created = await http(
        tenant,
        'POST',
        '/v1/users',
        someone({ extensions: [{ type: 'pstn', number }] }),
      );
      const listed = await http(tenant, 'GET', `/v1/users?number=${encodeURIComponent(number)}`);

      for (const [response, field] of [
        [added, 'number'],
        [created, 'extensions.0.number'],
        [listed, 'number'],
      ] as const) {
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({
          code: 'REQUEST.INVALID',
          errors: [{ field, reason: expect.stringMatching(why) }],
        });
      }
    });

    it('keeps several extensions of several types, in order, and removes one', async () => {
      const tenant = newTenant();
      const user = await createUser(
        tenant,
        someone({ extensions: [{ type: 'pstn', number: '+44 20 7946 0958' }] }),
      );

      await http(tenant, 'POST', `/v1/users/${user.id}/extensions`, {
        number: '+1 415 867 5309',
        description: 'mobile',
      });
      await http(tenant, 'POST', `/v1/users/${user.id}/extensions`, {
        type: 'sip',
        number: 'sip:ann@pbx.example.com',
      });
      const added = await http(tenant, 'POST', `/v1/users/${user.id}/extensions`, {
        type: 'webrtc',
        number: 'ann.browser',
      });

      expect(added.status).toBe(201);
      expect(
        added.body!.extensions.map((e: { type: string; number: string }) => `${e.type}:${e.number}`),
      ).toEqual([
        'pstn:+442079460958',
        'pstn:+14158675309',
        'sip:sip:ann@pbx.example.com',
        'webrtc:ann.browser',
      ]);
      const removed = await http(
        tenant,
        'DELETE',
        `/v1/users/${user.id}/extensions/${added.body!.extensions[1].id}`,
      );
      expect(removed.status).toBe(204);
      const read = await http(tenant, 'GET', `/v1/users/${user.id}`);
      expect(read.body!.extensions.map((e: { number: string }) => e.number)).toEqual([
        '+442079460958',
        'sip:ann@pbx.example.com',
        'ann.browser',
      ]);
      const missing = await http(
        tenant,
        'DELETE',
        `/v1/users/${user.id}/extensions/${added.body!.extensions[1].id}`,
      );
      expect(missing).toMatchObject({ status: 404, body: { code: 'IDENTITY.EXTENSION_NOT_FOUND' } });
    });
  });

  // ---- uniqueness ------------------------------------------------------------------------------

  describe('uniqueness', () => {
    it('answers 409 naming the current owner when a second user wants a number', async () => {
      const tenant = newTenant();
      const owner = await createUser(tenant, {
        name: 'John Smith',
        email: 'john@example.com',
        extensions: [{ number: '+12345678910' }],
      });
      const other = await createUser(tenant, someone());

      const added = await http(tenant, 'POST', `/v1/users/${other.id}/extensions`, {
        number: '+1-234-567-8910',
      });
      const created = await http(
        tenant,
        'POST',
        '/v1/users',
        someone({ extensions: [{ number: '+1 234 567 8910' }] }),
      );

      for (const response of [added, created]) {
        expect(response.status).toBe(409);
        expect(response.body).toEqual({
          statusCode: 409,
          code: 'IDENTITY.NUMBER_TAKEN',
          message: `+12345678910 already belongs to John Smith (user ${owner.id})`,
          errors: [
            { field: 'number', reason: `+12345678910 already belongs to John Smith (user ${owner.id})` },
          ],
          details: {
            field: 'number',
            number: '+12345678910',
            ownerUserId: owner.id,
            ownerName: 'John Smith',
          },
        });
      }
      // The same number in another tenant is another number.
      await createUser(newTenant(), someone({ extensions: [{ number: '+12345678910' }] }));
      // Once removed, it is free.
      await http(tenant, 'DELETE', `/v1/users/${owner.id}/extensions/${owner.extensions[0].id}`);
      expect(
        (await http(tenant, 'POST', `/v1/users/${other.id}/extensions`, { number: '+12345678910' })).status,
      ).toBe(201);
    });

    it('lets exactly one of two users racing for a number have it', async () => {
      const tenant = newTenant();
      const [a, b] = [await createUser(tenant, someone()), await createUser(tenant, someone())];

      const results = await Promise.all(
        [a, b].map((u) => http(tenant, 'POST', `/v1/users/${u.id}/extensions`, { number: '+14155550123' })),
      );

      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const winner = results.find((r) => r.status === 201)!.body!;
      expect(results.find((r) => r.status === 409)!.body!.details).toMatchObject({
        ownerUserId: winner.id,
        ownerName: winner.name,
      });
    });

    it('answers 409 for an email the tenant already has', async () => {
      const tenant = newTenant();
      const first = await createUser(tenant, { name: 'Ann', email: 'ann@example.com' });

      const second = await http(tenant, 'POST', '/v1/users', { name: 'Ann Two', email: 'ANN@example.com' });

      expect(second).toMatchObject({
        status: 409,
        body: { code: 'IDENTITY.EMAIL_TAKEN', details: { ownerUserId: first.id } },
      });
    });
  });

  // ---- users -----------------------------------------------------------------------------------

  describe('users', () => {
    it('creates, reads, updates, disables and enables a user; time zone falls back to the tenant default', async () => {
      const tenant = newTenant();
      const created = await createUser(tenant, someone({ skills: [{ name: 'Spanish', proficiency: 7 }] }));
      expect(created).toMatchObject({
        status: 'active',
        hasPin: false,
        timeZone: 'America/Chicago',
        timeZoneSource: 'tenant-default',
        version: 1,
      });

      const updated = await http(tenant, 'PATCH', `/v1/users/${created.id}`, {
        name: 'Renamed',
        timeZone: 'europe/berlin',
      });
      expect(updated.body).toMatchObject({
        name: 'Renamed',
        timeZone: 'Europe/Berlin',
        timeZoneSource: 'user',
        version: 2,
      });
      const back = await http(tenant, 'PATCH', `/v1/users/${created.id}`, { timeZone: null });
      expect(back.body).toMatchObject({ timeZone: 'America/Chicago', timeZoneSource: 'tenant-default' });

      const badZone = await http(tenant, 'PATCH', `/v1/users/${created.id}`, { timeZone: 'Mars/Base' });
      expect(badZone).toMatchObject({
        status: 400,
        body: { code: 'IDENTITY.FIELD_INVALID', details: { field: 'timeZone' } },
      });
      const empty = await http(tenant, 'PATCH', `/v1/users/${created.id}`, {});
      expect(empty.status).toBe(400);

      expect((await http(tenant, 'POST', `/v1/users/${created.id}/disable`)).body).toMatchObject({
        status: 'disabled',
      });
      expect((await http(tenant, 'POST', `/v1/users/${created.id}/enable`)).body).toMatchObject({
        status: 'active',
      });
      const skills = await http(tenant, 'PUT', `/v1/users/${created.id}/skills`, {
        skills: [{ name: 'billing' }, { name: 'VIP', proficiency: 10 }],
      });
      expect(skills.body!.skills).toEqual([
        { name: 'billing', proficiency: null },
        { name: 'VIP', proficiency: 10 },
      ]);
      const repeated = await http(tenant, 'PUT', `/v1/users/${created.id}/skills`, {
        skills: [{ name: 'a' }, { name: 'A' }],
      });
      expect(repeated).toMatchObject({ status: 400, body: { details: { field: 'skills.1.name' } } });
    });

    it.each([
      ['a NUL character in the name', { name: 'Ann\u0000' }, 'name'],
      ['an unpaired UTF-16 surrogate in the name', { name: 'Ann \uDC00' }, 'name'],
      [
        'a NUL character in an extension description',
        { extensions: [{ number: '+14155550123', description: 'desk\u0000' }] },
        'extensions.0.description',
      ],
      [
        'an unpaired UTF-16 surrogate in an extension description',
        { extensions: [{ number: '+14155550124', description: 'desk \uD83D' }] },
        'extensions.0.description',
      ],
    ])('answers 400 for %s, naming %s', async (_what, extra, field) => {
      const tenant = newTenant();

      const response = await http(tenant, 'POST', '/v1/users', someone(extra));

      expect(response.status).toBe(400);
      expect(response.body!.errors).toEqual([{ field, reason: expect.stringMatching(/NUL/) }]);
    });

    it('answers 400 naming skill for a skill filter with a NUL character', async () => {
      const response = await http(newTenant(), 'GET', '/v1/users?skill=spanish%00');

      expect(response.status).toBe(400);
      expect(response.body!.errors).toEqual([{ field: 'skill', reason: expect.stringMatching(/NUL/) }]);
    });

    it('answers 401 without a credential', async () => {
      expect((await http(null, 'GET', '/v1/users')).status).toBe(401);
    });

    it('lists page by page with an opaque cursor, filtered by skill', async () => {
      const tenant = newTenant();
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1)
        ids.push((await createUser(tenant, someone({ skills: i % 2 ? [{ name: 'Spanish' }] : [] }))).id);

      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const page = await http(tenant, 'GET', `/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        pages.push(page.body!.items.map((u: { id: string }) => u.id));
        cursor = page.body!.nextCursor;
      } while (cursor !== null);

      expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
      const spanish = await http(tenant, 'GET', '/v1/users?skill=SPANISH');
      expect(spanish.body!.items.map((u: { id: string }) => u.id)).toEqual([ids[1], ids[3]]);
      for (const query of ['limit=0', 'limit=201', 'limit=x', 'cursor=nonsense', 'colour=red']) {
        const bad = await http(tenant, 'GET', `/v1/users?${query}`);
        expect({ query, status: bad.status }).toEqual({ query, status: 400 });
      }
      expect((await http(tenant, 'GET', '/v1/users')).body!.items).toHaveLength(5); // default limit 50
    });

    it('keeps tenants apart on every route: another tenant gets 404 and changes nothing', async () => {
      const owner = newTenant();
      const intruder = newTenant();
      const user = await createUser(
        owner,
        someone({ skills: [{ name: 'secret-skill' }], extensions: [{ number: '+14155550199' }] }),
      );
      await http(owner, 'PUT', `/v1/users/${user.id}/pin`, { pin: '4711' });
      const x = user.extensions[0].id;

      const routes: [string, 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', string, object?][] = [
        ['read', 'GET', `/v1/users/${user.id}`],
        ['update', 'PATCH', `/v1/users/${user.id}`, { name: 'Hacked' }],
        ['disable', 'POST', `/v1/users/${user.id}/disable`],
        ['enable', 'POST', `/v1/users/${user.id}/enable`],
        ['add extension', 'POST', `/v1/users/${user.id}/extensions`, { number: '+14155550100' }],
        ['remove extension', 'DELETE', `/v1/users/${user.id}/extensions/${x}`],
        ['set skills', 'PUT', `/v1/users/${user.id}/skills`, { skills: [] }],
        ['set PIN', 'PUT', `/v1/users/${user.id}/pin`, { pin: '0000' }],
        ['clear PIN', 'DELETE', `/v1/users/${user.id}/pin`],
        ['PIN failures', 'GET', `/v1/users/${user.id}/pin-failures`],
      ];
      for (const [what, method, url, body] of routes) {
        const response = await http(intruder, method, url, body);
        expect({ what, status: response.status, code: response.body?.code }).toEqual({
          what,
          status: 404,
          code: 'IDENTITY.USER_NOT_FOUND',
        });
      }
      const list = await http(intruder, 'GET', '/v1/users');
      const bySkill = await http(intruder, 'GET', '/v1/users?skill=secret-skill');
      const byNumber = await http(intruder, 'GET', '/v1/users?number=%2B14155550199');
      expect([list.body!.items, bySkill.body!.items, byNumber.body!.items]).toEqual([[], [], []]);
      expect((await http(intruder, 'GET', '/v1/users/not-a-uuid')).status).toBe(404);

      const untouched = await http(owner, 'GET', `/v1/users/${user.id}`);
      expect(untouched.body).toMatchObject({
        name: user.name,
        status: 'active',
        hasPin: true,
        version: 2,
        skills: [{ name: 'secret-skill' }],
      });
      expect(untouched.body!.extensions).toHaveLength(1);
      await expect(
        callRpc(client, FindUserByPhone, { tenantId: intruder, phone: '+14155550199' }),
      ).resolves.toEqual({ found: false });
      await expect(
        callRpc(client, VerifyPin, { tenantId: intruder, userId: user.id, pin: '4711' }),
      ).rejects.toMatchObject({
        code: 'IDENTITY.USER_NOT_FOUND',
      });
    });
  });

  // ---- PIN -------------------------------------------------------------------------------------

  describe('PIN', () => {
    it('is set as a salted scrypt hash that is never returned, checked over NATS, and cleared', async () => {
      const tenant = newTenant();
      const user = await createUser(tenant, someone());

      const bad = await http(tenant, 'PUT', `/v1/users/${user.id}/pin`, { pin: '12' });
      expect(bad).toMatchObject({ status: 400, body: { errors: [{ field: 'pin' }] } });
      expect(JSON.stringify(bad.body)).not.toContain('"12"');
      expect((await http(tenant, 'PUT', `/v1/users/${user.id}/pin`, { pin: '4711' })).status).toBe(204);

      const read = await http(tenant, 'GET', `/v1/users/${user.id}`);
      expect(read.body).toMatchObject({ hasPin: true });
      expect(JSON.stringify(read.body)).not.toMatch(/4711|scrypt|pinHash/);
      const [row] = await orm.em
        .fork()
        .execute<{ pin_hash: string }[]>('select pin_hash from "identity"."user_account" where id = ?', [
          user.id,
        ]);
      expect(row.pin_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(row.pin_hash).not.toContain('4711');

      await expect(
        callRpc(client, VerifyPin, { tenantId: tenant, userId: user.id, pin: '4711' }),
      ).resolves.toEqual({ result: 'ok' });
      expect((await http(tenant, 'DELETE', `/v1/users/${user.id}/pin`)).status).toBe(204);
      await expect(
        callRpc(client, VerifyPin, { tenantId: tenant, userId: user.id, pin: '4711' }),
      ).rejects.toMatchObject({
        constructor: RemoteError,
        code: 'IDENTITY.PIN_NOT_SET',
      });
    });

    it('locks after 5 wrong PINs within 15 minutes, and audits every failure with call and source', async () => {
      const tenant = newTenant();
      const user = await createUser(tenant, someone());
      await http(tenant, 'PUT', `/v1/users/${user.id}/pin`, { pin: '4711' });
      const verify = (pin: string, callSid: string) =>
        callRpc(client, VerifyPin, { tenantId: tenant, userId: user.id, pin, callSid, source: 'ivr' }, 5000);

      const before = Date.now();
      const results = [];
      for (let i = 1; i <= 5; i += 1) results.push(await verify('0000', `CA${i}`));
      const afterLock = await verify('4711', 'CA6');

      expect(results.slice(0, 4)).toEqual(Array(4).fill({ result: 'wrong' }));
      expect(results[4]).toEqual({ result: 'locked', lockedUntil: expect.any(String) });
      const lockedUntil = Date.parse(results[4].lockedUntil!);
      expect(lockedUntil).toBeGreaterThanOrEqual(before + 15 * 60_000);
      expect(lockedUntil).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
      expect(afterLock).toEqual({ result: 'locked', lockedUntil: results[4].lockedUntil });

      const rows = await pinFailureRows(tenant, user.id);
      expect(rows.map((r) => [r.outcome, r.call_sid, r.source])).toEqual([
        ['wrong', 'CA1', 'ivr'],
        ['wrong', 'CA2', 'ivr'],
        ['wrong', 'CA3', 'ivr'],
        ['wrong', 'CA4', 'ivr'],
        ['wrong', 'CA5', 'ivr'],
        ['locked', 'CA6', 'ivr'],
      ]);
      const audit = await http(tenant, 'GET', `/v1/users/${user.id}/pin-failures`);
      expect(audit.body!.lockedUntil).toBe(results[4].lockedUntil);
      expect(audit.body!.failures[0]).toMatchObject({ outcome: 'locked', callSid: 'CA6', source: 'ivr' });
      expect(audit.body!.failures).toHaveLength(6);
      expect(JSON.stringify(audit.body)).not.toMatch(/0000|4711/);
    });

    it('counts parallel guesses one after another', async () => {
      const tenant = newTenant();
      const user = await createUser(tenant, someone());
      await http(tenant, 'PUT', `/v1/users/${user.id}/pin`, { pin: '4711' });

      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          callRpc(client, VerifyPin, { tenantId: tenant, userId: user.id, pin: `00${10 + i}` }, 10_000),
        ),
      );

      expect(results.filter((r) => r.result === 'wrong')).toHaveLength(4);
      expect(results.filter((r) => r.result === 'locked')).toHaveLength(4);
      const rows = await pinFailureRows(tenant, user.id);
      expect(rows.filter((r) => r.outcome === 'wrong')).toHaveLength(5);
      expect(rows.every((r) => r.source === 'ivr' && r.call_sid === null)).toBe(true);
    });
  });

  // ---- NATS lookups ----------------------------------------------------------------------------

  describe('find-user-by-phone over NATS', () => {
    it('normalises the number, then answers who owns it', async () => {
      const tenant = newTenant();
      const user = await createUser(
        tenant,
        someone({
          skills: [{ name: 'Spanish', proficiency: 7 }],
          extensions: [{ number: '+1-312-555-0142' }],
        }),
      );
      await http(tenant, 'PUT', `/v1/users/${user.id}/pin`, { pin: '123456' });

      for (const phone of ['+13125550142', '+1 (312) 555-0142', '+1-312-555-0142']) {
        await expect(callRpc(client, FindUserByPhone, { tenantId: tenant, phone })).resolves.toEqual({
          found: true,
          user: {
            id: user.id,
            name: user.name,
            skills: [{ name: 'Spanish', proficiency: 7 }],
            timeZone: 'America/Chicago',
            hasPin: true,
            status: 'active',
          },
        });
      }
      for (const phone of ['anonymous', 'client:alice', '+266696687', '+13125550143']) {
        await expect(callRpc(client, FindUserByPhone, { tenantId: tenant, phone })).resolves.toEqual({
          found: false,
        });
      }
    });

    it('does not find a disabled user, unless asked to', async () => {
      const tenant = newTenant();
      const user = await createUser(tenant, someone({ extensions: [{ number: '+13125550177' }] }));
      await http(tenant, 'POST', `/v1/users/${user.id}/disable`);

      await expect(
        callRpc(client, FindUserByPhone, { tenantId: tenant, phone: '+13125550177' }),
      ).resolves.toEqual({ found: false });
      await expect(
        callRpc(client, FindUserByPhone, { tenantId: tenant, phone: '+13125550177', includeDisabled: true }),
      ).resolves.toMatchObject({ found: true, user: { id: user.id, status: 'disabled' } });
      await expect(
        callRpc(client, VerifyPin, { tenantId: tenant, userId: user.id, pin: '1234' }),
      ).rejects.toMatchObject({
        code: 'IDENTITY.USER_NOT_FOUND',
      });
    });

    it('answers a malformed request with a coded error', async () => {
      const raw = await new Promise<unknown>((resolve, reject) =>
        client
          .send(FindUserByPhone.subject, { tenantId: 'NOT A TENANT', phone: 1 })
          .subscribe({ next: resolve, error: reject }),
      );

      expect(raw).toMatchObject({ ok: false, error: { code: 'RPC.INVALID_REQUEST' } });
    });
  });

  // ---- events ----------------------------------------------------------------------------------

  describe('change events', () => {
    it('publishes every change of a user to IDENTITY_EVENTS, in order, as CloudEvents with the user version', async () => {
      const tenant = newTenant();
      const user = await createUser(
        tenant,
        someone({ skills: [{ name: 'billing' }], extensions: [{ number: '+13125550188' }] }),
      );
      await http(tenant, 'PUT', `/v1/users/${user.id}/skills`, {
        skills: [{ name: 'Spanish', proficiency: 3 }],
      });
      await http(tenant, 'POST', `/v1/users/${user.id}/extensions`, {
        type: 'sip',
        number: 'sip:x@pbx.example.com',
      });
      await http(tenant, 'POST', `/v1/users/${user.id}/disable`);
      await http(tenant, 'PUT', `/v1/users/${user.id}/pin`, { pin: '97531' });
      await http(tenant, 'PATCH', `/v1/users/${user.id}`, { email: 'new@example.com' });
      await createUser(newTenant(), someone()); // another tenant's event is not ours

      const events = await eventsOf(tenant, 6);

      expect(events.map((e) => [e.subject, e.event.data])).toEqual([
        [
          `identity.evt.${tenant}.user-created.v1`,
          expect.objectContaining({
            version: 1,
            skills: [{ name: 'billing', proficiency: null }],
            timeZone: 'America/Chicago',
          }),
        ],
        [
          `identity.evt.${tenant}.user-skills-changed.v1`,
          expect.objectContaining({ version: 2, skills: [{ name: 'Spanish', proficiency: 3 }] }),
        ],
        [
          `identity.evt.${tenant}.user-extensions-changed.v1`,
          expect.objectContaining({
            version: 3,
            extensions: [
              expect.objectContaining({ number: '+13125550188' }),
              expect.objectContaining({ number: 'sip:x@pbx.example.com' }),
            ],
          }),
        ],
        [
          `identity.evt.${tenant}.user-status-changed.v1`,
          expect.objectContaining({ version: 4, status: 'disabled' }),
        ],
        [
          `identity.evt.${tenant}.user-updated.v1`,
          expect.objectContaining({ version: 5, changed: ['pin'], hasPin: true }),
        ],
        [
          `identity.evt.${tenant}.user-updated.v1`,
          expect.objectContaining({ version: 6, changed: ['email'], email: 'new@example.com' }),
        ],
      ]);
      for (const { event, msgId } of events) {
        const contract = IDENTITY_EVENTS_V1.find((c) => c.type === event.type)!;
        expect(contract.envelopeSchema.parse(event)).toEqual(event);
        expect(event).toMatchObject({
          source: 'timed-presence/identity',
          subject: user.id,
          data: { tenantId: tenant, userId: user.id },
        });
        expect(msgId).toBe(event.id);
      }
      expect(JSON.stringify(events)).not.toMatch(/97531|scrypt/);
    });
  });
});
