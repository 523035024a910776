import type { INestMicroservice } from '@nestjs/common';
import { GetFlow } from '@tp/contracts';
import {
  fakePeer,
  startFakePeers,
  startTestApp,
  TEST_NATS_URL,
  uniqueSuffix,
  type TestApp,
} from '@tp/stack-harness';
import { startTwilioRestDouble, type TwilioRestDouble } from '@tp/twilio-simulator';
import { Client } from 'pg';
import { dispatchApp } from '../../../dispatch.app';

const PLATFORM_SID = 'AC11111111111111111111111111111111';
const TENANT_SID = 'AC0123456789abcdef0123456789abcdef';
const TENANT_TOKEN = 'fedcba9876543210fedcba9876543210';

interface Body {
  [key: string]: unknown;
  id?: string;
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
  errors?: { field: string; reason: string }[];
  items?: { id: string; name: string }[];
  total?: number;
}

/**
 * The dispatch mappings admin API as it runs (Fastify, the real PostgreSQL and NATS), with a
 * stand-in for flow-runtime's `get-flow`: CRUD, uniqueness across tenants, tenant isolation, the
 * flow checks, and the tenant's own Twilio account.
 */
describe('dispatch: mappings and the Twilio account over HTTP', () => {
  const suffix = uniqueSuffix();
  const acme = `acme-${suffix}`;
  const globex = `globex-${suffix}`;
  const saved = { ...process.env };
  let dispatch: TestApp;
  let flowRuntime: INestMicroservice;
  let twilioRest: TwilioRestDouble;
  /** flow-runtime's flows: `<tenant>/<flow>` -> published version (null: a draft). `hang` never answers. */
  const flows = new Map<string, number | null>([
    [`${acme}/flow-1`, 2],
    [`${acme}/flow-2`, 1],
    [`${acme}/draft`, null],
    [`${globex}/flow-9`, 1],
  ]);

  beforeAll(async () => {
    process.env.TWILIO_ACCOUNT_SID = PLATFORM_SID;
    process.env.TWILIO_AUTH_TOKEN = 'platform-auth-token';
    process.env.PUBLIC_BASE_URL = 'https://voice.example.test';
    twilioRest = await startTwilioRestDouble({ [TENANT_SID]: TENANT_TOKEN });
    process.env.TWILIO_API_BASE_URL = twilioRest.url;
    flowRuntime = await startFakePeers(TEST_NATS_URL, [
      fakePeer(GetFlow, ({ tenantId, flowId }) => {
        if (flowId === 'hang') return new Promise<never>(() => undefined);
        const key = `${tenantId}/${flowId}`;
        if (!flows.has(key)) return { found: false as const };
        return {
          found: true as const,
          flowId,
          name: `Flow ${flowId}`,
          type: 'customer',
          publishedVersion: flows.get(key) ?? null,
        };
      }),
    ]);
    dispatch = await startTestApp(dispatchApp);
  });

  afterAll(async () => {
    await dispatch?.close();
    await flowRuntime?.close();
    await twilioRest?.close();
    process.env = saved;
  });

  type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  const call = async (method: Method, url: string, tenantId: string | null, payload?: unknown) => {
    const response = await dispatch.app.inject({
      method,
      url,
      headers: tenantId ? { authorization: `Bearer ${dispatch.tokenFor(tenantId)}` } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: response.statusCode, body: response.body ? response.json<Body>() : null };
  };
  let numbers = 0;
  const nextNumber = () => `+1415555${String(1000 + (numbers += 1)).slice(-4)}`;
  /** What the platform operator does first: the number is the tenant's to map (a 409 when it is another's). */
  const assign = (phoneNumber: string, tenantId: string) =>
    dispatch.app.inject({
      method: 'POST',
      url: '/v1/contact-points',
      headers: { authorization: `Bearer ${dispatch.platformToken()}` },
      payload: { phoneNumber, tenantId },
    });
  /** Maps the next number, assigned to the tenant first (or owned by its own account, for `twilioAccount: 'tenant'`). */
  const create = async (tenantId: string, extra: Record<string, unknown> = {}) => {
    const phoneNumber = typeof extra.phoneNumber === 'string' ? extra.phoneNumber : nextNumber();
    if (extra.twilioAccount === 'tenant') twilioRest.ownNumbers(TENANT_SID, phoneNumber);
    else await assign(phoneNumber, tenantId);
    return call('POST', '/v1/dispatch-mappings', tenantId, {
      name: `Line ${numbers}`,
      phoneNumber,
      flowId: 'flow-1',
      ...extra,
    });
  };

  it('creates, reads, lists, changes and deletes a mapping', async () => {
    expect((await assign('+12345678910', acme)).statusCode).toBe(201);
    const created = await call('POST', '/v1/dispatch-mappings', acme, {
      name: 'Support - Timed Presence login',
      description: "John Smith's PSTN for Timed Presence",
      interactionType: 'voice',
      mappingType: 'contact-point',
      phoneNumber: '+1-234-567-8910',
      flowId: 'flow-1',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Support - Timed Presence login',
      description: "John Smith's PSTN for Timed Presence",
      interactionType: 'voice',
      mappingType: 'contact-point',
      phoneNumber: '+12345678910',
      flowId: 'flow-1',
      twilioAccount: 'platform',
      active: true,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const id = created.body!.id!;

    await expect(call('GET', `/v1/dispatch-mappings/${id}`, acme)).resolves.toMatchObject({
      status: 200,
      body: { id },
    });
    const changed = await call('PATCH', `/v1/dispatch-mappings/${id}`, acme, {
      flowId: 'flow-2',
      active: false,
      expectedVersion: 1,
    });
    expect(changed).toMatchObject({ status: 200, body: { flowId: 'flow-2', active: false, version: 2 } });
    await expect(
      call('PATCH', `/v1/dispatch-mappings/${id}`, acme, { name: 'stale', expectedVersion: 1 }),
    ).resolves.toMatchObject({
      status: 409,
      body: { code: 'DISPATCH.MAPPING_VERSION_MISMATCH' },
    });

    await expect(call('DELETE', `/v1/dispatch-mappings/${id}`, acme)).resolves.toMatchObject({ status: 204 });
    await expect(call('GET', `/v1/dispatch-mappings/${id}`, acme)).resolves.toMatchObject({
      status: 404,
      body: { code: 'DISPATCH.MAPPING_NOT_FOUND' },
    });
    // The number is free again.
    await expect(create(acme, { phoneNumber: '+12345678910' })).resolves.toMatchObject({ status: 201 });
  });

  it('lists a page at a time, by name', async () => {
    const tenant = `pages-${suffix}`;
    flows.set(`${tenant}/flow-1`, 1);
    for (const name of ['Charlie', 'alpha', 'Bravo']) await create(tenant, { name });

    const page = await call('GET', '/v1/dispatch-mappings?limit=2&offset=1', tenant);

    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 1 });
    expect(page.body!.items!.map((m) => m.name)).toEqual(['Bravo', 'Charlie']);
    await expect(call('GET', '/v1/dispatch-mappings?limit=500', tenant)).resolves.toMatchObject({
      status: 400,
    });
  });

  it('keeps a number in one tenant: 409, without saying whose it is', async () => {
    const phoneNumber = nextNumber();
    await expect(create(acme, { phoneNumber })).resolves.toMatchObject({ status: 201 });

    const again = await create(acme, { phoneNumber, name: 'Again' });
    const other = await create(globex, { phoneNumber, flowId: 'flow-9' });

    expect(again).toMatchObject({
      status: 409,
      body: { code: 'DISPATCH.PHONE_NUMBER_TAKEN', details: { phoneNumber } },
    });
    expect(other).toMatchObject({
      status: 409,
      body: { code: 'DISPATCH.CONTACT_POINT_NOT_ASSIGNED', details: { field: 'phoneNumber' } },
    });
    expect(JSON.stringify(other.body)).not.toContain(acme);
  });

  it('lets only one of two tenants racing for a number have it (two tenants on one Twilio account)', async () => {
    const [first, second] = [`race-a-${suffix}`, `race-b-${suffix}`];
    for (const tenant of [first, second]) {
      flows.set(`${tenant}/flow-1`, 1);
      await call('PUT', '/v1/twilio-account', tenant, { accountSid: TENANT_SID, authToken: TENANT_TOKEN });
    }
    const phoneNumber = nextNumber();
    const results = await Promise.all([
      create(first, { phoneNumber, twilioAccount: 'tenant' }),
      create(second, { phoneNumber, twilioAccount: 'tenant' }),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it("answers 404 for another tenant's mapping, whatever the verb", async () => {
    const { body } = await create(acme);
    const id = body!.id!;

    for (const [method, payload] of [['GET'], ['PATCH', { name: 'mine now' }], ['DELETE']] as const) {
      await expect(call(method, `/v1/dispatch-mappings/${id}`, globex, payload)).resolves.toMatchObject({
        status: 404,
        body: { code: 'DISPATCH.MAPPING_NOT_FOUND' },
      });
    }
    await expect(call('GET', `/v1/dispatch-mappings/${id}`, acme)).resolves.toMatchObject({
      body: { name: body!.name },
    });
    await expect(call('GET', '/v1/dispatch-mappings', globex)).resolves.toMatchObject({
      body: { items: expect.not.arrayContaining([expect.objectContaining({ id })]) },
    });
  });

  it('maps only to a published flow of the tenant, and saves nothing unchecked', async () => {
    await expect(create(acme, { flowId: 'flow-9' })).resolves.toMatchObject({
      status: 400,
      body: { code: 'DISPATCH.FLOW_NOT_FOUND' },
    });
    await expect(create(acme, { flowId: 'draft' })).resolves.toMatchObject({
      status: 409,
      body: { code: 'DISPATCH.FLOW_NOT_PUBLISHED' },
    });
    const started = Date.now();
    await expect(create(acme, { flowId: 'hang' })).resolves.toMatchObject({
      status: 503,
      body: { code: 'DISPATCH.FLOW_CHECK_UNAVAILABLE' },
    });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('names every bad field in a 400, and wants a credential', async () => {
    const bad = await call('POST', '/v1/dispatch-mappings', acme, {
      name: '',
      interactionType: 'chat',
      phoneNumber: '555-0100',
      flowId: 'a.b',
    });
    expect(bad.status).toBe(400);
    expect(bad.body!.errors!.map((e) => e.field).sort()).toEqual([
      'flowId',
      'interactionType',
      'name',
      'phoneNumber',
    ]);
    await expect(call('GET', '/v1/dispatch-mappings', null)).resolves.toMatchObject({ status: 401 });
  });

  it("keeps the tenant's own Twilio account encrypted, never shows its token, and refuses to drop it while in use", async () => {
    const tenant = `own-${suffix}`;
    flows.set(`${tenant}/flow-1`, 1);
    await expect(call('GET', '/v1/twilio-account', tenant)).resolves.toMatchObject({
      status: 200,
      body: { configured: false, accountSid: null },
    });
    await expect(create(tenant, { twilioAccount: 'tenant' })).resolves.toMatchObject({
      status: 409,
      body: { code: 'DISPATCH.TWILIO_ACCOUNT_NOT_SET' },
    });

    const set = await call('PUT', '/v1/twilio-account', tenant, {
      accountSid: TENANT_SID,
      authToken: TENANT_TOKEN,
    });
    expect(set).toMatchObject({ status: 200, body: { configured: true, accountSid: TENANT_SID } });
    expect(JSON.stringify(set.body)).not.toContain(TENANT_TOKEN);
    const db = new Client({ connectionString: dispatch.databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ sealed: string }>(
      'select auth_token_sealed as sealed from dispatch.twilio_account where tenant_id = $1',
      [tenant],
    );
    await db.end();
    expect(rows[0].sealed).toMatch(/^v1\./);
    expect(rows[0].sealed).not.toContain(TENANT_TOKEN);

    const mapping = await create(tenant, { twilioAccount: 'tenant' });
    expect(mapping).toMatchObject({ status: 201, body: { twilioAccount: 'tenant' } });
    await expect(call('DELETE', '/v1/twilio-account', tenant)).resolves.toMatchObject({
      status: 409,
      body: { code: 'DISPATCH.TWILIO_ACCOUNT_IN_USE' },
    });
    await call('DELETE', `/v1/dispatch-mappings/${mapping.body!.id}`, tenant);
    await expect(call('DELETE', '/v1/twilio-account', tenant)).resolves.toMatchObject({ status: 204 });

    const wrong = await call('PUT', '/v1/twilio-account', tenant, {
      accountSid: 'SKnope',
      authToken: 'secret-but-wrong',
    });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).not.toContain('secret-but-wrong');
  });
});
