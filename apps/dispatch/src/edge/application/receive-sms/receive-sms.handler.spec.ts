import { ANN, SENDER, SMS_NOW, smsWorld } from '../../../testing/sms.fixture';
import { ReceiveSmsCommand } from './receive-sms.command';
import { ReceiveSmsHandler } from './receive-sms.handler';

const at = (minutes: number) => new Date(SMS_NOW.getTime() + minutes * 60_000);
let sids = 0;
const sid = () => `SM${String(++sids).padStart(32, 'a')}`;

function setup() {
  const world = smsWorld();
  const handler = new ReceiveSmsHandler(
    world.sms,
    world.directory,
    world.presence,
    world.sent,
    world.received,
    world.optOuts,
    world.clock,
  );
  const reply = (
    body: string,
    messageSid = sid(),
    from = ANN.phone,
    tenantId: string | null = 'acme',
    to = SENDER,
  ) => handler.execute(new ReceiveSmsCommand(tenantId, messageSid, from, to, body));
  const lastSms = (kind: 'reminder' | 'unreachable', windowEnd: Date) =>
    world.sent.record({
      id: `m-${kind}`,
      tenantId: 'acme',
      agentId: ANN.id,
      kind,
      eventId: null,
      from: SENDER,
      to: ANN.phone,
      body: '...',
      windowEnd,
      messageSid: 'SMx',
      outcome: 'sent',
      createdAt: SMS_NOW,
    });
  const onlineUntil = (end: Date) =>
    world.presence.windows.set(`acme/${ANN.id}`, { state: 'online', expiresAt: end });
  return { ...world, handler, reply, lastSms, onlineUntil };
}

describe(ReceiveSmsHandler.name, () => {
  it('extends the window of a reminder by one hour exactly once, even when Twilio retries the webhook', async () => {
    const { reply, lastSms, onlineUntil, presence } = setup();
    await lastSms('reminder', at(15));
    onlineUntil(at(15));

    const first = await reply('1', 'SM' + 'f'.repeat(32));
    const retried = await reply('1', 'SM' + 'f'.repeat(32));
    const another = await reply(' 1 ');

    expect(first).toBe('You stay online until 18:15.');
    expect(retried).toBe(first);
    expect(another).toBe('You stay online until 18:15.');
    expect((await presence.get('acme', ANN.id)).expiresAt).toEqual(at(75));
    expect(presence.commands).toEqual([`extend ${ANN.id} ${at(75).toISOString()}`]);
  });

  it('goes offline on 0', async () => {
    const { reply, lastSms, onlineUntil, presence } = setup();
    await lastSms('reminder', at(15));
    onlineUntil(at(15));
    await expect(reply('0')).resolves.toBe('You are now offline.');
    expect(presence.commands).toEqual([`offline ${ANN.id}`]);
  });

  it('brings an unreachable agent back until the window they lost, else for one hour', async () => {
    const lost = setup();
    await lost.lastSms('unreachable', at(120));
    await expect(lost.reply('1')).resolves.toBe('You are back online until 19:00.');
    expect((await lost.presence.get('acme', ANN.id)).expiresAt).toEqual(at(120));

    const ended = setup();
    await ended.lastSms('unreachable', at(-5));
    await expect(ended.reply('1')).resolves.toBe('You are back online until 18:00.');
    expect((await ended.presence.get('acme', ANN.id)).expiresAt).toEqual(at(60));
  });

  it('changes nothing for a number that is no extension of the tenant, SMS to another number, or to a tenant with SMS off', async () => {
    const { reply, lastSms, onlineUntil, presence, settings } = setup();
    await lastSms('reminder', at(15));
    onlineUntil(at(15));

    await expect(reply('1', sid(), '+15550009999')).resolves.toBeNull();
    await expect(reply('1', sid(), ANN.phone, null)).resolves.toBeNull();
    await expect(reply('1', sid(), ANN.phone, 'acme', '+14155550111')).resolves.toBeNull();
    await settings.save({ ...(await settings.find('acme'))!, enabled: false });
    await expect(reply('1')).resolves.toBeNull();
    expect(presence.commands).toEqual([]);
  });

  it('opts out on STOP and its kin (Twilio confirms), back in on START, and helps', async () => {
    const { reply, optOuts } = setup();
    for (const word of ['STOP', 'stopall', 'Unsubscribe', 'cancel', 'end', 'quit']) {
      await optOuts.optIn('acme', ANN.phone);
      await expect(reply(word)).resolves.toBeNull();
      await expect(optOuts.isOptedOut('acme', ANN.phone)).resolves.toBe(true);
    }
    await expect(reply('start')).resolves.toMatch(/^You will get messages about your online time again/);
    await expect(optOuts.isOptedOut('acme', ANN.phone)).resolves.toBe(false);
    await expect(reply('HELP')).resolves.toMatch(/^Timed Presence: reply 1 or 0/);
  });

  it('answers that there is nothing to reply to without a recent message, and forgets a failed claim', async () => {
    const { reply, lastSms, presence } = setup();
    await expect(reply('1')).resolves.toBe('There is nothing to answer right now.');

    await lastSms('reminder', at(15));
    presence.windows.set(`acme/${ANN.id}`, { state: 'online', expiresAt: at(15) });
    const failing = presence.extendWindow.bind(presence);
    presence.extendWindow = () => Promise.reject(new Error('presence did not answer'));
    const messageSid = 'SM' + 'e'.repeat(32);
    await expect(reply('1', messageSid)).rejects.toThrow('presence did not answer');
    presence.extendWindow = failing;
    await expect(reply('1', messageSid)).resolves.toBe('You stay online until 18:15.');
  });
});
