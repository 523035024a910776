import { randomUUID } from 'node:crypto';
import { GoOffline, type PresenceView } from '@tp/contracts';
import { uniqueSuffix, waitFor } from '@tp/stack-harness';
import { postInboundSms, type SentMessage } from '@tp/twilio-simulator';
import { seedTimedPresenceTenant } from '../../libs/stack-harness/src/seed-tenant';
import type { TestStack } from '../support/stack';
import { sharedCallInStack } from './shared-call-in-stack';

/**
 * SMS around the agent's window end to end (ADR 28): the five built apps over the real NATS and
 * PostgreSQL, dispatch sending SMS through the Twilio REST double's Messages API, and agents'
 * replies posted to `/twilio/sms` signed as Twilio signs them. A reminder lead of 60 minutes and
 * windows of one hour make each reminder due at once, so nothing waits for a clock.
 */
const tenant = `sms-${uniqueSuffix()}`;
const SENDER = '+15550500100';
const ADA = { phone: '+15550500001', timeZone: 'Europe/Berlin' };
const GRACE = { phone: '+15550500002', timeZone: 'America/New_York' };
const STRANGER = '+15550509999';
const HOUR = 3_600_000;
const clock = (at: string | Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(
    new Date(at),
  );

describe('SMS around the agent window', () => {
  let stack: TestStack;
  const ids: Record<'ada' | 'grace', string> = { ada: '', grace: '' };

  const admin = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${stack.token(tenant)}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  const forceOnline = (agentId: string) =>
    admin<PresenceView>('POST', `${stack.urls.presence}/v1/presence/agents/${agentId}/online`, { hours: 1 });
  const sms = (from: string, body: string, messageSid?: string) =>
    postInboundSms(
      {
        serverUrl: `${stack.publicBaseUrl}/twilio/sms`,
        publicUrl: `${stack.publicBaseUrl}/twilio/sms`,
        authToken: stack.twilio.authToken,
        accountSid: stack.twilio.accountSid,
      },
      { from, to: SENDER, body, messageSid },
    );
  const messagesTo = (phone: string): SentMessage[] =>
    stack.twilioRest.messages.filter((m) => m.to === phone);
  const nextMessageTo = async (phone: string, after: number, what: string): Promise<SentMessage> => {
    await waitFor(() => Promise.resolve(messagesTo(phone).length > after), 10_000, what);
    return messagesTo(phone)[after];
  };

  beforeAll(async () => {
    stack = await sharedCallInStack();
    const seeded = await seedTimedPresenceTenant(stack.urls, {
      token: stack.token(tenant),
      platformToken: stack.platformToken(),
      contactPoint: SENDER,
      agents: [
        { name: 'Ada Lovelace', email: 'ada@sms.example', phone: ADA.phone, timeZone: ADA.timeZone },
        { name: 'Grace Hopper', email: 'grace@sms.example', phone: GRACE.phone, timeZone: GRACE.timeZone },
      ],
    });
    ids.ada = seeded.agents.find((a) => a.phone === ADA.phone)!.id;
    ids.grace = seeded.agents.find((a) => a.phone === GRACE.phone)!.id;
    await expect(admin('GET', `${stack.urls.dispatch}/v1/sms-settings`)).resolves.toMatchObject({
      enabled: false,
    });
    await admin('PUT', `${stack.urls.dispatch}/v1/sms-settings`, {
      enabled: true,
      reminderMinutes: 60,
      senderNumber: SENDER,
    });
  });

  it('sends the reminder when due; a reply 1 extends by one hour exactly once, even retried; another number changes nothing', async () => {
    const online = await forceOnline(ids.ada);
    const reminder = await nextMessageTo(ADA.phone, 0, "Ada's reminder");

    expect(reminder).toMatchObject({
      from: SENDER,
      accountSid: stack.twilio.accountSid,
      body: `You go offline at ${clock(online.expiresAt!, ADA.timeZone)}. Reply 1 to stay online 1 more hour, 0 to go offline now.`,
    });
    expect(reminder.at.getTime()).toBeGreaterThanOrEqual(Date.parse(online.expiresAt!) - HOUR);

    const extendedUntil = new Date(Date.parse(online.expiresAt!) + HOUR).toISOString();
    const first = await sms(ADA.phone, '1');
    expect(first).toMatchObject({
      status: 200,
      messages: [`You stay online until ${clock(extendedUntil, ADA.timeZone)}.`],
    });
    const extended = await stack.presence(tenant, ids.ada);
    expect(extended).toMatchObject({
      state: 'online',
      expiresAt: extendedUntil,
      sequence: online.sequence + 1,
    });

    const retried = await sms(ADA.phone, '1', first.messageSid);
    expect(retried.messages).toEqual(first.messages);
    const stranger = await sms(STRANGER, '1');
    expect(stranger).toMatchObject({ status: 200, messages: [] });
    expect(stranger.twiml).toContain('<Response/>');
    const forged = await fetch(`${stack.publicBaseUrl}/twilio/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' },
      body: new URLSearchParams({
        MessageSid: `SM${'0'.repeat(32)}`,
        From: ADA.phone,
        To: SENDER,
        Body: '1',
      }),
    });
    expect(forged.status).toBe(403);

    await expect(stack.presence(tenant, ids.ada)).resolves.toMatchObject({
      expiresAt: extendedUntil,
      sequence: extended.sequence,
    });
  });

  it('sends no more reminders after STOP', async () => {
    const sentToAda = messagesTo(ADA.phone).length;
    await expect(sms(ADA.phone, 'STOP')).resolves.toMatchObject({ status: 200, messages: [] });

    await forceOnline(ids.ada); // a new window, its reminder due at once: not sent
    const graceOnline = await forceOnline(ids.grace);
    const graceReminder = await nextMessageTo(GRACE.phone, 0, "Grace's reminder");
    expect(graceReminder.body).toContain(
      `You go offline at ${clock(graceOnline.expiresAt!, GRACE.timeZone)}.`,
    );
    await waitFor(
      async () =>
        (
          await stack.pg.query<{ outcome: string }>(
            `select outcome from dispatch.sms_message where to_number = $1 order by created_at desc limit 1`,
            [ADA.phone],
          )
        ).rows[0]?.outcome === 'opted-out',
      10_000,
      "Ada's reminder held back",
    );
    expect(messagesTo(ADA.phone)).toHaveLength(sentToAda);
  });

  it('sends the unreachable notice, and its reply 1 brings the agent back online until the lost window', async () => {
    const before = await stack.presence(tenant, ids.grace);
    await rpc(GoOffline.subject, { tenantId: tenant, agentId: ids.grace, reason: 'unreachable' });

    const notice = await nextMessageTo(GRACE.phone, 1, "Grace's unreachable notice");
    expect(notice.body).toBe(
      'You were set offline because you missed your calls. Reply 1 to go back online.',
    );

    const back = await sms(GRACE.phone, '1');
    expect(back.messages).toEqual([`You are back online until ${clock(before.expiresAt!, GRACE.timeZone)}.`]);
    await expect(stack.presence(tenant, ids.grace)).resolves.toMatchObject({
      state: 'online',
      expiresAt: before.expiresAt,
      reason: 'login',
    });
  });

  /** A NATS request as Nest's NATS transport frames it (what another app's ClientProxy sends). */
  async function rpc(subject: string, data: unknown): Promise<unknown> {
    const reply = await stack.nc.request(
      subject,
      JSON.stringify({ pattern: subject, data, id: randomUUID() }),
      {
        timeout: 5000,
      },
    );
    const { response } = reply.json<{ response: { ok: boolean } }>();
    if (!response.ok) throw new Error(`${subject}: ${JSON.stringify(response)}`);
    return response;
  }
});
