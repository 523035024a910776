import { randomUUID } from 'node:crypto';
import type { INestMicroservice } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  AgentWentOfflineV1,
  eventStreamName,
  eventWildcard,
  ExpiryNotice,
  GetFlow,
  GetUserContact,
  makeCloudEvent,
} from '@tp/contracts';
import { connectNats, ensureStream } from '@tp/platform';
import {
  fakePeer,
  startFakePeers,
  startTestApp,
  TEST_NATS_URL,
  uniqueSuffix,
  waitFor,
  type TestApp,
} from '@tp/stack-harness';
import { CallSimulator, startTwilioRestDouble, type TwilioRestDouble } from '@tp/twilio-simulator';
import { Client } from 'pg';
import type { ExpiryNoticeAnswer } from '../../application/ports/flow-sessions.port';
import { dispatchApp } from '../../../dispatch.app';

const PUBLIC = 'https://voice.example.test';
const PLATFORM_SID = 'AC11111111111111111111111111111111';
const PLATFORM_TOKEN = 'platform-auth-token';
const CONTACT_POINT = '+14155550100';
const OFFLINE = [
  {
    type: 'say' as const,
    text: 'Your hours are up: you are now offline.',
    voice: 'Polly.Joanna',
    language: 'en-US',
  },
];

/**
 * The expiry notice end to end: an `agent-went-offline` (expired) event on the real PRESENCE_EVENTS
 * stream reaches dispatch's durable consumer, flow-runtime (a stand-in) asks for the notice,
 * identity (a stand-in) gives the agent's number, the call is placed on a Twilio REST double, and
 * the answered call (the simulator, signed as Twilio) hears the Offline prompt.
 */
describe('dispatch: the expiry notice call', () => {
  const suffix = uniqueSuffix();
  const acme = `acme-${suffix}`;
  const saved = { ...process.env };
  let dispatch: TestApp;
  let twilio: TwilioRestDouble;
  let peers: INestMicroservice;
  let nc: NatsConnection;
  let js: JetStreamClient;
  /** What flow-runtime answers per agent (notify with the Offline prompt unless told). */
  const notices = new Map<string, ExpiryNoticeAnswer>();
  const phones = new Map<string, string[]>();
  let dispatchUrl: string;

  beforeAll(async () => {
    twilio = await startTwilioRestDouble({ [PLATFORM_SID]: PLATFORM_TOKEN });
    Object.assign(process.env, {
      TWILIO_ACCOUNT_SID: PLATFORM_SID,
      TWILIO_AUTH_TOKEN: PLATFORM_TOKEN,
      TWILIO_API_BASE_URL: twilio.url,
      PUBLIC_BASE_URL: PUBLIC,
    });
    nc = await connectNats(TEST_NATS_URL, `dispatch-expiry-test-${suffix}`);
    js = jetstream(nc);
    // The stream presence creates; dispatch only follows it.
    await ensureStream(await jetstreamManager(nc), {
      name: eventStreamName('presence'),
      subjects: [eventWildcard('presence')],
    });
    peers = await startFakePeers(TEST_NATS_URL, [
      fakePeer(GetFlow, ({ flowId }) => ({
        found: true as const,
        flowId,
        name: 'Timed Presence',
        type: 'customer',
        publishedVersion: 1,
      })),
      fakePeer(
        ExpiryNotice,
        ({ agentId }) => notices.get(agentId) ?? { notify: true as const, flowId: 'flow-1', steps: OFFLINE },
      ),
      fakePeer(GetUserContact, ({ userId }) => {
        const numbers = phones.get(userId);
        return numbers ? { found: true as const, pstnNumbers: numbers } : { found: false as const };
      }),
    ]);
    dispatch = await startTestApp(dispatchApp);
    await dispatch.app.listen(0, '127.0.0.1');
    dispatchUrl = await dispatch.app.getUrl();
    const assigned = await dispatch.app.inject({
      method: 'POST',
      url: '/v1/contact-points',
      headers: { authorization: `Bearer ${dispatch.platformToken()}` },
      payload: { phoneNumber: CONTACT_POINT, tenantId: acme },
    });
    expect(assigned.statusCode).toBe(201);
    const created = await dispatch.app.inject({
      method: 'POST',
      url: '/v1/dispatch-mappings',
      headers: { authorization: `Bearer ${dispatch.tokenFor(acme)}` },
      payload: { name: 'Agents', phoneNumber: CONTACT_POINT, flowId: 'flow-1' },
    });
    expect(created.statusCode).toBe(201);
  });

  afterAll(async () => {
    await dispatch?.close();
    await peers?.close();
    await twilio?.close();
    await nc?.drain();
    process.env = saved;
  });

  /** Publishes an offline event as presence's outbox relay does (message id = event id, unless told). */
  async function wentOffline(
    agentId: string,
    reason: 'expired' | 'agent-logoff',
    eventId = randomUUID(),
    msgId = eventId,
  ) {
    const now = new Date();
    const event = makeCloudEvent(AgentWentOfflineV1, {
      id: eventId,
      source: 'timed-presence/presence',
      time: now,
      subject: agentId,
      data: {
        tenantId: acme,
        agentId,
        state: 'offline',
        expiresAt: null,
        reason,
        sequence: 2,
        occurredAt: now.toISOString(),
      },
    });
    await js.publish(AgentWentOfflineV1.subjectFor(acme), JSON.stringify(event), { msgID: msgId });
    return eventId;
  }

  const callsTo = (number: string) => twilio.calls.filter((c) => c.params.To === number);

  async function noticeRows(): Promise<
    { agent_id: string; outcome: string; call_sid: string | null; failure: string | null }[]
  > {
    const db = new Client({ connectionString: dispatch.databaseUrl });
    await db.connect();
    const { rows } = await db.query(
      'select agent_id, outcome, call_sid, failure from dispatch.notice_call order by created_at',
    );
    await db.end();
    return rows;
  }

  it('calls the agent from the contact point, and the answered call plays the Offline prompt', async () => {
    phones.set('agent-1', ['+1 (415) 555-0123']);

    await wentOffline('agent-1', 'expired');
    await waitFor(() => callsTo('+14155550123').length === 1, 20_000, 'the notice call');

    const placed = callsTo('+14155550123')[0];
    expect(placed.accountSid).toBe(PLATFORM_SID);
    expect(placed.params).toMatchObject({
      To: '+14155550123',
      From: CONTACT_POINT,
      Url: expect.stringMatching(new RegExp(`^${PUBLIC}/twilio/notice\\?notice=[0-9a-f-]{36}$`)),
      Method: 'POST',
      StatusCallback: `${PUBLIC}/twilio/status`,
      StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      Timeout: '30',
    });

    const answered = await new CallSimulator({
      serverUrl: await dispatch.app.getUrl(),
      publicBaseUrl: PUBLIC,
      authToken: PLATFORM_TOKEN,
      accountSid: PLATFORM_SID,
    }).dial({
      from: CONTACT_POINT,
      to: '+14155550123',
      path: placed.params.Url as string,
      callSid: placed.sid,
      direction: 'outbound-api',
    });
    expect(answered.lastStatus).toBe(200);
    expect(answered.heard).toEqual([
      { kind: 'say', text: OFFLINE[0].text, voice: 'Polly.Joanna', language: 'en-US' },
    ]);
    expect(answered.ended).toBe(true);
    expect(answered.lastTwiml).toContain('<Hangup/>');
    await expect(answered.status('/twilio/status', 'completed', { SequenceNumber: '3' })).resolves.toBe(200);
  });

  it('a call answered the moment it is placed (before dispatch has settled it) hears the notice', async () => {
    phones.set('agent-20', ['+14155550140']);
    const answers: Promise<{ heard: unknown[] }>[] = [];
    twilio.onCall((call) => {
      if (call.params.To !== '+14155550140') return;
      answers.push(
        new CallSimulator({
          serverUrl: dispatchUrl,
          publicBaseUrl: PUBLIC,
          authToken: PLATFORM_TOKEN,
          accountSid: PLATFORM_SID,
        }).dial({
          from: CONTACT_POINT,
          to: call.params.To,
          path: call.params.Url as string,
          callSid: call.sid,
          direction: 'outbound-api',
        }),
      );
    });
    try {
      await wentOffline('agent-20', 'expired');
      await waitFor(() => answers.length === 1, 20_000, 'the notice call');
      const answered = await answers[0];
      expect(answered.heard).toEqual([
        { kind: 'say', text: OFFLINE[0].text, voice: 'Polly.Joanna', language: 'en-US' },
      ]);
    } finally {
      twilio.onCall(null);
    }
    await waitFor(async () =>
      (await noticeRows()).some((r) => r.agent_id === 'agent-20' && r.outcome === 'placed'),
    );
  });

  it('places one call for an event delivered twice (a republished event past the duplicate window)', async () => {
    phones.set('agent-2', ['+14155550124']);
    phones.set('agent-3', ['+14155550125']);

    const eventId = await wentOffline('agent-2', 'expired');
    await wentOffline('agent-2', 'expired', eventId, `${eventId}-again`);
    await wentOffline('agent-3', 'expired'); // delivered after both copies
    await waitFor(() => callsTo('+14155550125').length === 1, 20_000, 'the call after the duplicate');

    expect(callsTo('+14155550124')).toHaveLength(1);
  });

  it('calls nobody who logged off, nobody whose flow does not ask, nobody without a phone', async () => {
    phones.set('agent-4', ['+14155550126']);
    phones.set('agent-5', ['+14155550127']);
    notices.set('agent-5', { notify: false });
    phones.set('agent-6', ['client:agent-6']);
    phones.set('agent-7', ['+14155550129']);

    await wentOffline('agent-4', 'agent-logoff');
    await wentOffline('agent-5', 'expired');
    await wentOffline('agent-6', 'expired');
    await wentOffline('agent-7', 'expired');
    await waitFor(() => callsTo('+14155550129').length === 1, 20_000, 'the last call');

    expect(callsTo('+14155550126')).toEqual([]);
    expect(callsTo('+14155550127')).toEqual([]);
  });

  it('records a call Twilio refuses, and tries again when Twilio is down for a moment', async () => {
    phones.set('agent-8', ['+14155550130']);
    phones.set('agent-9', ['+14155550131']);

    twilio.failNext(400, 21211, "The 'To' number +14155550130 is not a valid phone number.");
    await wentOffline('agent-8', 'expired');
    await waitFor(
      async () => (await noticeRows()).some((r) => r.agent_id === 'agent-8' && r.outcome !== 'placing'),
      10_000,
      'the refused notice settled',
    );
    expect((await noticeRows()).find((r) => r.agent_id === 'agent-8')).toMatchObject({
      outcome: 'failed',
      call_sid: null,
      failure: expect.stringContaining('400 (21211)'),
    });

    twilio.failNext(503, 20500, 'Service Unavailable');
    await wentOffline('agent-9', 'expired');
    await waitFor(() => callsTo('+14155550131').length === 1, 20_000, 'the call after the outage');
    await waitFor(
      async () => (await noticeRows()).some((r) => r.agent_id === 'agent-9' && r.outcome !== 'placing'),
      10_000,
      'the notice settled',
    );
    expect((await noticeRows()).filter((r) => r.agent_id === 'agent-9')).toEqual([
      expect.objectContaining({ outcome: 'placed', call_sid: callsTo('+14155550131')[0].sid }),
    ]);
  });
});
