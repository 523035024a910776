import { SmsRefused } from '../ports/sms.ports';
import { ANN, SMS_NOW, smsWorld } from '../../../testing/sms.fixture';
import { SendDueRemindersCommand } from './send-due-reminders.command';
import { SendDueRemindersHandler } from './send-due-reminders.handler';

const at = (minutes: number) => new Date(SMS_NOW.getTime() + minutes * 60_000);

function setup() {
  const world = smsWorld();
  const handler = new SendDueRemindersHandler(world.windows, world.sms, world.clock);
  const online = (agentId: string, expiresAt: Date, dueAt: Date, sequence = 1) =>
    world.windows.apply({ tenantId: 'acme', agentId, sequence, expiresAt, reminderDueAt: dueAt });
  return { ...world, handler, online };
}

describe(SendDueRemindersHandler.name, () => {
  it("sends a due reminder once, with the end of the window in the agent's zone", async () => {
    const { handler, online, sender, sent, clock } = setup();
    await online(ANN.id, at(60), at(45)); // 16:00 UTC is 18:00 in Berlin in June

    clock.set(at(44));
    await expect(handler.execute(new SendDueRemindersCommand())).resolves.toBe(0);
    clock.set(at(45));
    await expect(handler.execute(new SendDueRemindersCommand())).resolves.toBe(1);
    await expect(handler.execute(new SendDueRemindersCommand())).resolves.toBe(0);

    expect(sender.sent.map((m) => [m.to, m.body])).toEqual([
      [ANN.phone, 'You go offline at 18:00. Reply 1 to stay online 1 more hour, 0 to go offline now.'],
    ]);
    expect(sent.messages[0]).toMatchObject({ kind: 'reminder', windowEnd: at(60), eventId: null });
  });

  it('sends none for a window that has ended, to an opted-out agent, or while SMS are off', async () => {
    const ended = setup();
    await ended.online(ANN.id, at(60), at(45));
    ended.clock.set(at(61));
    await ended.handler.execute(new SendDueRemindersCommand());

    const optedOut = setup();
    await optedOut.optOuts.optOut('acme', ANN.phone);
    await optedOut.online(ANN.id, at(60), at(0));
    await optedOut.handler.execute(new SendDueRemindersCommand());

    const off = setup();
    await off.settings.save({ ...(await off.settings.find('acme'))!, enabled: false });
    await off.online(ANN.id, at(60), at(0));
    await off.handler.execute(new SendDueRemindersCommand());

    for (const world of [ended, optedOut, off]) expect(world.sender.sent).toEqual([]);
  });

  it('logs a message Twilio refuses and goes on; an opt-out Twilio reports is remembered', async () => {
    const { handler, online, sender, sent, optOuts } = setup();
    sender.failure = new SmsRefused(400, 21610, 'Attempt to send to unsubscribed recipient');
    await online(ANN.id, at(60), at(0));

    await expect(handler.execute(new SendDueRemindersCommand())).resolves.toBe(1);
    expect(sent.messages[0]).toMatchObject({ outcome: 'opted-out', messageSid: null });
    await expect(optOuts.isOptedOut('acme', ANN.phone)).resolves.toBe(true);
  });
});
