import { randomUUID } from 'node:crypto';
import type { INestMicroservice } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  AgentWentOfflineV1,
  AgentWentOnlineV1,
  eventStreamName,
  eventWildcard,
  FindUserByPhone,
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
import { startTwilioRestDouble, type TwilioRestDouble } from '@tp/twilio-simulator';
import { dispatchApp } from '../../../dispatch.app';
import { AgentWindows as AgentWindowsToken } from '../../application/ports/sms.ports';

const PLATFORM_SID = 'AC22222222222222222222222222222222';
const PLATFORM_TOKEN = 'platform-auth-token';
const SENDER = '+14155550170';
const AGENT = { id: 'agent-sms-1', phone: '+14155550171', timeZone: 'Asia/Tokyo' };

/**
 * Presence events on the real PRESENCE_EVENTS stream reach dispatch's SMS consumer: a window whose
 * reminder is due at once is reminded through the Twilio REST double by the scheduler (woken by
 * the table's notification), and an unreachable logoff delivered twice sends one notice.
 * identity (a stand-in) knows the agent.
 */
describe('dispatch: SMS from presence events', () => {
  const tenant = `sms-${uniqueSuffix()}`;
  const saved = { ...process.env };
  let dispatch: TestApp;
  let twilio: TwilioRestDouble;
  let peers: INestMicroservice;
  let nc: NatsConnection;
  let js: JetStreamClient;

  beforeAll(async () => {
    twilio = await startTwilioRestDouble({ [PLATFORM_SID]: PLATFORM_TOKEN });
    Object.assign(process.env, {
      TWILIO_ACCOUNT_SID: PLATFORM_SID,
      TWILIO_AUTH_TOKEN: PLATFORM_TOKEN,
      TWILIO_API_BASE_URL: twilio.url,
    });
    nc = await connectNats(TEST_NATS_URL, `dispatch-sms-test-${tenant}`);
    js = jetstream(nc);
    await ensureStream(await jetstreamManager(nc), {
      name: eventStreamName('presence'),
      subjects: [eventWildcard('presence')],
    });
    peers = await startFakePeers(
      TEST_NATS_URL,
      [
        fakePeer(GetFlow, ({ flowId }) => ({
          found: true as const,
          flowId,
          name: 'Timed Presence',
          type: 'customer',
          publishedVersion: 1,
        })),
        fakePeer(GetUserContact, ({ userId }) =>
          userId === AGENT.id
            ? { found: true as const, pstnNumbers: [AGENT.phone] }
            : { found: false as const },
        ),
        fakePeer(FindUserByPhone, ({ phone }) =>
          phone === AGENT.phone
            ? {
                found: true as const,
                user: {
                  id: AGENT.id,
                  name: 'Ann',
                  skills: [],
                  timeZone: AGENT.timeZone,
                  hasPin: false,
                  status: 'active' as const,
                },
              }
            : { found: false as const },
        ),
      ],
      `sms-peers-${tenant}`,
    );
    dispatch = await startTestApp(dispatchApp);
    const admin = (method: 'POST' | 'PUT', url: string, payload: Record<string, unknown>, token: string) =>
      dispatch.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload });
    expect(
      (
        await admin(
          'POST',
          '/v1/contact-points',
          { phoneNumber: SENDER, tenantId: tenant },
          dispatch.platformToken(),
        )
      ).statusCode,
    ).toBe(201);
    const token = dispatch.tokenFor(tenant);
    expect(
      (
        await admin(
          'POST',
          '/v1/dispatch-mappings',
          { name: 'Agents', phoneNumber: SENDER, flowId: 'flow-1' },
          token,
        )
      ).statusCode,
    ).toBe(201);
    const settings = await admin(
      'PUT',
      '/v1/sms-settings',
      { enabled: true, reminderMinutes: 60, senderNumber: SENDER },
      token,
    );
    expect(settings.json()).toMatchObject({ enabled: true, reminderMinutes: 60, senderNumber: SENDER });
  });

  afterAll(async () => {
    await dispatch?.close();
    await peers?.close();
    await twilio?.close();
    await nc?.drain();
    process.env = saved;
  });

  async function publish(
    contract: typeof AgentWentOnlineV1,
    data: {
      sequence: number;
      state: 'online' | 'offline';
      reason: 'login' | 'unreachable';
      expiresAt: string | null;
    },
    eventId = randomUUID(),
  ) {
    const event = makeCloudEvent(contract, {
      id: eventId,
      source: 'timed-presence/presence',
      time: new Date(),
      subject: AGENT.id,
      data: { tenantId: tenant, agentId: AGENT.id, occurredAt: new Date().toISOString(), ...data },
    });
    // A fresh message id each time: JetStream delivers a republished event again.
    await js.publish(contract.subjectFor(tenant), JSON.stringify(event), { msgID: randomUUID() });
    return eventId;
  }

  const messagesTo = () => twilio.messages.filter((m) => m.to === AGENT.phone);

  it('reminds a window due at once, in the agent zone, and sends one unreachable notice for an event delivered twice', async () => {
    const expiresAt = new Date(Math.ceil((Date.now() + 30 * 60_000) / 60_000) * 60_000);
    await publish(AgentWentOnlineV1, {
      sequence: 1,
      state: 'online',
      reason: 'login',
      expiresAt: expiresAt.toISOString(),
    });
    await waitFor(() => messagesTo().length === 1, 15_000, 'the reminder');
    const local = new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: AGENT.timeZone,
    }).format(expiresAt);
    expect(messagesTo()[0]).toMatchObject({
      accountSid: PLATFORM_SID,
      from: SENDER,
      body: `You go offline at ${local}. Reply 1 to stay online 1 more hour, 0 to go offline now.`,
    });

    const eventId = await publish(AgentWentOfflineV1, {
      sequence: 2,
      state: 'offline',
      reason: 'unreachable',
      expiresAt: null,
    });
    await waitFor(() => messagesTo().length === 2, 15_000, 'the unreachable notice');
    await publish(
      AgentWentOfflineV1,
      { sequence: 2, state: 'offline', reason: 'unreachable', expiresAt: null },
      eventId,
    );
    await publish(AgentWentOnlineV1, {
      sequence: 3,
      state: 'online',
      reason: 'login',
      expiresAt: new Date(expiresAt.getTime() + 120 * 60_000).toISOString(),
    });
    // The next event is applied after the redelivered one (one consumer, in order).
    await waitFor(
      async () => {
        const rows = await dispatch.app.get(AgentWindowsToken).find(tenant, AGENT.id);
        return rows?.sequence === 3;
      },
      15_000,
      'the third event applied',
    );
    expect(messagesTo().map((m) => m.body)).toEqual([
      expect.stringMatching(/^You go offline at/),
      'You were set offline because you missed your calls. Reply 1 to go back online.',
    ]);
  });
});
