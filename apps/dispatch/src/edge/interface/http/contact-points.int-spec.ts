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

const TENANT_SID = 'AC0123456789abcdef0123456789abcdef';
const TENANT_TOKEN = 'fedcba9876543210fedcba9876543210';

interface Body {
  [key: string]: unknown;
  code?: string;
  message?: string;
  details?: Record<string, unknown>;
  errors?: { field: string; reason: string }[];
  items?: { phoneNumber: string; tenantId: string }[];
}

/**
 * Who may map which number, over HTTP as dispatch runs (Fastify, the real PostgreSQL and NATS, a
 * double of Twilio's REST API): the platform operator's assignments, and the refusals a tenant
 * gets for a number that is not its own.
 */
describe('dispatch: contact points over HTTP', () => {
  const suffix = uniqueSuffix();
  const [acme, globex] = [`acme-${suffix}`, `globex-${suffix}`];
  const saved = { ...process.env };
  let dispatch: TestApp;
  let flowRuntime: INestMicroservice;
  let twilioRest: TwilioRestDouble;
  let pg: Client;

  beforeAll(async () => {
    twilioRest = await startTwilioRestDouble({ [TENANT_SID]: TENANT_TOKEN });
    process.env.TWILIO_ACCOUNT_SID = 'AC11111111111111111111111111111111';
    process.env.TWILIO_AUTH_TOKEN = 'platform-auth-token';
    process.env.TWILIO_API_BASE_URL = twilioRest.url;
    process.env.PUBLIC_BASE_URL = 'https://voice.example.test';
    flowRuntime = await startFakePeers(TEST_NATS_URL, [
      fakePeer(GetFlow, ({ flowId }) => ({
        found: true as const,
        flowId,
        name: 'Flow',
        type: 'customer',
        publishedVersion: 1,
      })),
    ]);
    dispatch = await startTestApp(dispatchApp);
    pg = new Client({ connectionString: dispatch.databaseUrl });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await dispatch?.close();
    await flowRuntime?.close();
    await twilioRest?.close();
    process.env = saved;
  });

  type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  const call = async (method: Method, url: string, token: string | null, payload?: object) => {
    const response = await dispatch.app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: response.statusCode, body: response.body ? response.json<Body>() : null };
  };
  const operator = () => dispatch.platformToken();
  const admin = (tenantId: string) => dispatch.tokenFor(tenantId);
  const map = (tenantId: string, phoneNumber: string, extra: object = {}) =>
    call('POST', '/v1/dispatch-mappings', admin(tenantId), {
      name: 'Line',
      phoneNumber,
      flowId: 'f',
      ...extra,
    });
  const mappedRows = async (phoneNumber: string) =>
    Number(
      (
        await pg.query<{ n: string }>(
          'select count(*) as n from dispatch.dispatch_mapping where phone_number = $1',
          [phoneNumber],
        )
      ).rows[0].n,
    );

  it('lets only a platform admin assign, list and release numbers', async () => {
    const body = { phoneNumber: '+15550100900', tenantId: acme };
    await expect(call('POST', '/v1/contact-points', null, body)).resolves.toMatchObject({ status: 401 });
    await expect(call('POST', '/v1/contact-points', admin(acme), body)).resolves.toMatchObject({
      status: 403,
      body: { code: 'AUTH.NOT_PLATFORM_ADMIN' },
    });
    await expect(call('GET', '/v1/contact-points', admin(acme))).resolves.toMatchObject({ status: 403 });
    await expect(call('DELETE', '/v1/contact-points/%2B15550100900', admin(acme))).resolves.toMatchObject({
      status: 403,
    });
  });

  it('assigns a number once, again to the same tenant with 200, and never to a second tenant', async () => {
    const first = await call('POST', '/v1/contact-points', operator(), {
      phoneNumber: '+1-555-010-0101',
      tenantId: acme,
    });
    expect(first).toEqual({
      status: 201,
      body: {
        phoneNumber: '+15550100101',
        tenantId: acme,
        assignedAt: expect.any(String),
        assignedBy: 'test-operator',
      },
    });
    await expect(
      call('POST', '/v1/contact-points', operator(), { phoneNumber: '+15550100101', tenantId: acme }),
    ).resolves.toEqual({ status: 200, body: first.body });
    await expect(
      call('POST', '/v1/contact-points', operator(), { phoneNumber: '+15550100101', tenantId: globex }),
    ).resolves.toMatchObject({ status: 409, body: { code: 'DISPATCH.CONTACT_POINT_ASSIGNED_ELSEWHERE' } });

    const bad = await call('POST', '/v1/contact-points', operator(), {
      phoneNumber: '555',
      tenantId: 'Not A Slug',
    });
    expect(bad.status).toBe(400);
    expect(bad.body!.errors!.map((e) => e.field).sort()).toEqual(['phoneNumber', 'tenantId']);

    const listed = await call('GET', `/v1/contact-points?tenantId=${acme}`, operator());
    expect(listed).toMatchObject({
      status: 200,
      body: { total: 1, items: [{ phoneNumber: '+15550100101' }] },
    });
  });

  it('refuses a tenant a number of the platform account assigned to another tenant, or to none; nothing is written', async () => {
    await call('POST', '/v1/contact-points', operator(), { phoneNumber: '+15550100201', tenantId: acme });

    for (const phoneNumber of ['+15550100201', '+15550100299']) {
      const refused = await map(globex, phoneNumber);

      expect(refused).toMatchObject({
        status: 409,
        body: {
          code: 'DISPATCH.CONTACT_POINT_NOT_ASSIGNED',
          message: `${phoneNumber} is not assigned to this tenant: ask the platform operator`,
          details: { field: 'phoneNumber' },
        },
      });
      expect(JSON.stringify(refused.body)).not.toContain(acme);
      await expect(mappedRows(phoneNumber)).resolves.toBe(0);
    }
    await expect(map(acme, '+15550100201')).resolves.toMatchObject({ status: 201 });
  });

  it("maps a number on the tenant's own account only when Twilio says that account owns it", async () => {
    await call('PUT', '/v1/twilio-account', admin(globex), {
      accountSid: TENANT_SID,
      authToken: TENANT_TOKEN,
    });
    twilioRest.ownNumbers(TENANT_SID, '+15550100301');

    await expect(map(globex, '+15550100301', { twilioAccount: 'tenant' })).resolves.toMatchObject({
      status: 201,
      body: { twilioAccount: 'tenant' },
    });
    await expect(map(globex, '+15550100302', { twilioAccount: 'tenant' })).resolves.toMatchObject({
      status: 409,
      body: {
        code: 'DISPATCH.NUMBER_NOT_IN_TWILIO_ACCOUNT',
        message: `the tenant's Twilio account (${TENANT_SID}) does not own +15550100302`,
        details: { field: 'phoneNumber' },
      },
    });
    twilioRest.ownNumbers(TENANT_SID, '+15550100303');
    twilioRest.failNext(503, 20500, 'Service unavailable', 'numbers');
    await expect(map(globex, '+15550100303', { twilioAccount: 'tenant' })).resolves.toMatchObject({
      status: 503,
      body: { code: 'DISPATCH.NUMBER_CHECK_UNAVAILABLE', details: { field: 'phoneNumber' } },
    });
    await expect(mappedRows('+15550100302')).resolves.toBe(0);
    await expect(mappedRows('+15550100303')).resolves.toBe(0);
  });

  it('releases a number only once its tenant no longer maps it on the platform account', async () => {
    await call('POST', '/v1/contact-points', operator(), { phoneNumber: '+15550100401', tenantId: acme });
    const mapping = await map(acme, '+15550100401');

    await expect(call('DELETE', '/v1/contact-points/%2B15550100401', operator())).resolves.toMatchObject({
      status: 409,
      body: { code: 'DISPATCH.CONTACT_POINT_IN_USE' },
    });
    await call('DELETE', `/v1/dispatch-mappings/${String(mapping.body!.id)}`, admin(acme));
    await expect(call('DELETE', '/v1/contact-points/%2B15550100401', operator())).resolves.toMatchObject({
      status: 204,
    });
    await expect(call('DELETE', '/v1/contact-points/%2B15550100401', operator())).resolves.toMatchObject({
      status: 404,
      body: { code: 'DISPATCH.CONTACT_POINT_NOT_FOUND' },
    });
    await expect(map(acme, '+15550100401')).resolves.toMatchObject({ status: 409 });
  });
});
