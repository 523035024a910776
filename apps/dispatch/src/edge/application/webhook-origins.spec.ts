import { NO_SEQUENCE, TenantTwilioAccount, type CallRecord, type NoticeCall } from '@tp/dispatch-domain';
import { loadEnv } from '@tp/platform';
import {
  aMapping,
  InMemoryCallLog,
  InMemoryDispatchMappingRepository,
  InMemoryNoticeCallRepository,
  InMemoryTwilioAccountRepository,
} from '@tp/fakes';
import { DispatchEnvSchema } from '../../dispatch.config';
import { TwilioCredentialsSource } from '../../common/twilio-credentials.source';
import { WebhookOrigins } from './webhook-origins';

const PLATFORM_SID = 'AC11111111111111111111111111111111';
const ACME_SID = 'AC0123456789abcdef0123456789abcdef';
const GLOBEX_SID = 'ACfedcba9876543210fedcba9876543210';
const CALL_SID = 'CA0123456789abcdef0123456789abcdef';
const T0 = new Date('2026-11-24T10:00:00Z');

async function setup() {
  const config = loadEnv(DispatchEnvSchema, {
    TWILIO_ACCOUNT_SID: PLATFORM_SID,
    TWILIO_AUTH_TOKEN: 'platform-token',
  });
  const accounts = new InMemoryTwilioAccountRepository();
  await accounts.save(TenantTwilioAccount.set('acme', ACME_SID, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', T0));
  await accounts.save(TenantTwilioAccount.set('globex', GLOBEX_SID, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', T0));
  const mappings = new InMemoryDispatchMappingRepository().seed(
    aMapping().build(),
    aMapping()
      .withId('22222222-2222-4222-8222-222222222222')
      .withNumber('+14155550102')
      .onTenantAccount()
      .build(),
  );
  const calls = new InMemoryCallLog();
  const notices = new InMemoryNoticeCallRepository();
  // No offer webhooks here: routing's queue is never asked.
  const origins = new WebhookOrigins(
    mappings,
    calls,
    notices,
    new TwilioCredentialsSource(config, accounts),
    undefined as never,
  );
  return { origins, calls, notices };
}

const tokens = (resolved: { credentials: { authToken: { reveal(): string } }[] }) =>
  resolved.credentials.map((c) => c.authToken.reveal());

describe(WebhookOrigins.name, () => {
  it("checks a call to a mapped number with the Auth Token of the number's account only", async () => {
    const { origins } = await setup();

    const platform = await origins.resolve('voice', { To: '+1 415 555 0100', AccountSid: GLOBEX_SID }, {});
    const own = await origins.resolve('voice', { To: '+14155550102', AccountSid: GLOBEX_SID }, {});

    expect(platform.origin).toMatchObject({ tenantId: 'acme', mapping: { phoneNumber: '+14155550100' } });
    expect(tokens(platform)).toEqual(['platform-token']);
    // Another tenant's AccountSid (and token) does not reach acme's number.
    expect(tokens(own)).toEqual(['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']);
  });

  it('accepts, for a number nobody mapped, any known account with the request’s AccountSid', async () => {
    const { origins } = await setup();

    const byPlatform = await origins.resolve('voice', { To: '+14155550199', AccountSid: PLATFORM_SID }, {});
    const byTenant = await origins.resolve('voice', { To: '+14155550199', AccountSid: GLOBEX_SID }, {});
    const byStranger = await origins.resolve(
      'voice',
      { To: 'anonymous', AccountSid: 'AC99999999999999999999999999999999' },
      {},
    );

    expect(byPlatform.origin).toEqual({ tenantId: null, mapping: null, call: null, notice: null });
    expect(tokens(byPlatform)).toEqual(['platform-token']);
    expect(tokens(byTenant)).toEqual(['bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb']);
    expect(tokens(byStranger)).toEqual([]);
  });

  it('finds a later webhook of a call by its CallSid, else by the mapped number on the right side', async () => {
    const { origins, calls } = await setup();
    const call: CallRecord = {
      callSid: CALL_SID,
      tenantId: 'acme',
      mappingId: '22222222-2222-4222-8222-222222222222',
      twilioAccount: 'tenant',
      direction: 'inbound',
      from: '+14155550123',
      to: '+14155550102',
      sessionId: 's-1',
      progress: { status: 'ringing', sequence: NO_SEQUENCE },
      createdAt: T0,
      updatedAt: T0,
    };
    await calls.record(call);

    const gather = await origins.resolve(
      'gather',
      { CallSid: CALL_SID, To: '+14155550100' },
      { session: 's-1' },
    );
    expect(gather.origin).toMatchObject({ tenantId: 'acme', call: { sessionId: 's-1' } });
    expect(tokens(gather)).toEqual(['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']);

    const outbound = await origins.resolve(
      'status',
      { CallSid: 'CA-unknown', Direction: 'outbound-api', From: '+14155550100', To: '+14155550123' },
      {},
    );
    expect(outbound.origin.mapping?.phoneNumber).toBe('+14155550100');
    const inbound = await origins.resolve(
      'status',
      { CallSid: 'CA-unknown', Direction: 'inbound', To: '+14155550102' },
      {},
    );
    expect(inbound.origin.mapping?.phoneNumber).toBe('+14155550102');
  });

  it('finds a notice call by the id in its URL, else by the number it came from', async () => {
    const { origins, notices } = await setup();
    const notice: NoticeCall = {
      id: '33333333-3333-4333-8333-333333333333',
      tenantId: 'acme',
      agentId: 'agent-1',
      eventId: 'e-1',
      mappingId: '22222222-2222-4222-8222-222222222222',
      twilioAccount: 'tenant',
      from: '+14155550102',
      to: '+14155550123',
      steps: [{ type: 'say', text: 'Offline.' }],
      outcome: 'placed',
      callSid: CALL_SID,
      failure: null,
      createdAt: T0,
    };
    await notices.save(notice);

    const known = await origins.resolve('notice', { From: '+14155550100' }, { notice: notice.id });
    expect(known.origin.notice?.id).toBe(notice.id);
    expect(tokens(known)).toEqual(['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']);

    const unknown = await origins.resolve('notice', { From: '+14155550100' }, { notice: 'nope' });
    expect(unknown.origin.notice).toBeNull();
    expect(tokens(unknown)).toEqual(['platform-token']);
  });
});
