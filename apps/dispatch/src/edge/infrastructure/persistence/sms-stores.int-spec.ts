import { startTestApp, uniqueSuffix, type TestApp } from '@tp/stack-harness';
import { dispatchApp } from '../../../dispatch.app';
import {
  AgentWindows,
  ReceivedSmsLog,
  SentSmsLog,
  SmsOptOuts,
  type SentSms,
} from '../../application/ports/sms.ports';

const DAY = 86_400_000;
/** A day ahead: the app's own reminder scheduler (real clock) leaves these rows alone. */
const BASE = Math.floor((Date.now() + DAY) / 1000) * 1000;
const at = (minutes: number) => new Date(BASE + minutes * 60_000);

/**
 * SMS around the window on the real PostgreSQL: the window store's rules (newer sequence only, a
 * sent reminder stays sent for the same end, claims taken once), MessageSid claims, the sent log,
 * opt-outs, and the settings admin API's answers for bad input.
 */
describe('dispatch: the SMS stores in PostgreSQL', () => {
  const tenant = `sms-${uniqueSuffix()}`;
  let dispatch: TestApp;
  let windows: AgentWindows;

  beforeAll(async () => {
    dispatch = await startTestApp(dispatchApp);
    windows = dispatch.app.get(AgentWindows);
  });

  afterAll(async () => {
    await dispatch?.close();
  });

  it('applies newer changes only, keeps a claimed reminder claimed for the same end, and claims each once', async () => {
    const change = (sequence: number, expiresAt: Date | null, dueAt: Date | null, agentId = 'ann') =>
      windows.apply({ tenantId: tenant, agentId, sequence, expiresAt, reminderDueAt: dueAt });

    await expect(change(1, at(60), at(45))).resolves.toMatchObject({ sequence: 1, reminderDueAt: at(45) });
    await expect(change(1, at(90), at(75))).resolves.toBeNull();
    await change(1, at(30), at(15), 'bob');

    const claimed = await windows.claimDue(at(50), 10);
    const mine = claimed.filter((w) => w.tenantId === tenant);
    expect(mine.map((w) => w.agentId).sort()).toEqual(['ann', 'bob']);
    expect((await windows.claimDue(at(50), 10)).filter((w) => w.tenantId === tenant)).toEqual([]);

    await change(2, at(60), at(45)); // busy, same end: stays sent
    expect((await windows.find(tenant, 'ann'))?.reminderDueAt).toBeNull();
    await change(3, at(120), at(105)); // a new end: due again
    expect((await windows.find(tenant, 'ann'))?.reminderDueAt).toEqual(at(105));
    await change(4, null, null); // offline: cancelled, the lost end kept
    await expect(windows.find(tenant, 'ann')).resolves.toMatchObject({
      expiresAt: null,
      lastExpiresAt: at(120),
      reminderDueAt: null,
    });
  });

  it('claims a MessageSid once, answers the stored answer, and forgets an unsettled claim on release', async () => {
    const received = dispatch.app.get(ReceivedSmsLog);
    const sid = `SM${uniqueSuffix().padEnd(32, '0').slice(0, 32)}`;
    await expect(received.claim(sid, tenant, new Date())).resolves.toEqual({ first: true });
    await received.release(sid);
    await expect(received.claim(sid, tenant, new Date())).resolves.toEqual({ first: true });
    await received.settle(sid, 'You stay online until 18:15.');
    await received.release(sid);
    await expect(received.claim(sid, tenant, new Date())).resolves.toEqual({
      first: false,
      answer: 'You stay online until 18:15.',
    });
  });

  it('finds the last message sent to an agent and a message by its event; keeps opt-outs per tenant', async () => {
    const sent = dispatch.app.get(SentSmsLog);
    const message = (id: string, kind: SentSms['kind'], outcome: SentSms['outcome'], minutes: number) => ({
      id,
      tenantId: tenant,
      agentId: 'ann',
      kind,
      eventId: kind === 'unreachable' ? `event-${id}` : null,
      from: '+14155550100',
      to: '+14155550123',
      body: 'text',
      windowEnd: at(0),
      messageSid: outcome === 'sent' ? `SM${id}` : null,
      outcome,
      createdAt: new Date(Date.now() + minutes * 60_000),
    });
    await sent.record(message('00000000-0000-4000-8000-000000000001', 'reminder', 'sent', -2));
    await sent.record(message('00000000-0000-4000-8000-000000000002', 'unreachable', 'sent', -1));
    await sent.record(message('00000000-0000-4000-8000-000000000003', 'reminder', 'opted-out', 0));

    await expect(sent.lastSent(tenant, 'ann', new Date(Date.now() - DAY))).resolves.toMatchObject({
      kind: 'unreachable',
      windowEnd: at(0),
    });
    await expect(sent.lastSent(tenant, 'ann', new Date(Date.now() + 60_000))).resolves.toBeNull();
    await expect(sent.findByEvent('event-00000000-0000-4000-8000-000000000002')).resolves.toMatchObject({
      outcome: 'sent',
    });

    const optOuts = dispatch.app.get(SmsOptOuts);
    await optOuts.optOut(tenant, '+14155550123', new Date());
    await optOuts.optOut(tenant, '+14155550123', new Date());
    await expect(optOuts.isOptedOut(tenant, '+14155550123')).resolves.toBe(true);
    await expect(optOuts.isOptedOut(`${tenant}-other`, '+14155550123')).resolves.toBe(false);
    await optOuts.optIn(tenant, '+14155550123');
    await expect(optOuts.isOptedOut(tenant, '+14155550123')).resolves.toBe(false);
  });

  it('answers bad SMS settings with a 400 naming the field, and a sender that is not the tenant’s with a 409', async () => {
    const put = (payload: unknown) =>
      dispatch.app.inject({
        method: 'PUT',
        url: '/v1/sms-settings',
        headers: { authorization: `Bearer ${dispatch.tokenFor(tenant)}` },
        payload: payload as Record<string, unknown>,
      });
    const bad = await put({ enabled: true, reminderMinutes: 0, senderNumber: 'not a number' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('reminderMinutes');
    expect(bad.body).toContain('senderNumber');

    const notMapped = await put({ enabled: true, reminderMinutes: 10, senderNumber: '+14155550199' });
    expect(notMapped.statusCode).toBe(409);
    expect(notMapped.json()).toMatchObject({ code: 'DISPATCH.SMS_SENDER_NOT_MAPPED' });
  });
});
