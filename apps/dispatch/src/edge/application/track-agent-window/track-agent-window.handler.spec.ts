import { ANN, SMS_NOW, smsWorld } from '../../../testing/sms.fixture';
import { TrackAgentWindowCommand } from './track-agent-window.command';
import { TrackAgentWindowHandler } from './track-agent-window.handler';

const at = (minutes: number) => new Date(SMS_NOW.getTime() + minutes * 60_000);

function setup() {
  const world = smsWorld();
  const handler = new TrackAgentWindowHandler(world.windows, world.settings, world.sms);
  let seq = 0;
  const event = (state: string, reason: string, expiresAt: Date | null, eventId = `event-${seq + 1}`) =>
    handler.execute(new TrackAgentWindowCommand(eventId, 'acme', ANN.id, ++seq, state, reason, expiresAt));
  return { ...world, handler, event };
}

describe(TrackAgentWindowHandler.name, () => {
  it("schedules the reminder the tenant's minutes before the end, reschedules a new end, cancels on offline", async () => {
    const { event, windows } = setup();

    await expect(event('online', 'login', at(60))).resolves.toBe('tracked');
    expect((await windows.find('acme', ANN.id))?.reminderDueAt).toEqual(at(45));

    await event('online', 'changed', at(120));
    expect((await windows.find('acme', ANN.id))?.reminderDueAt).toEqual(at(105));

    await event('offline', 'agent-logoff', null);
    expect(await windows.find('acme', ANN.id)).toMatchObject({ reminderDueAt: null, lastExpiresAt: at(120) });
  });

  it('keeps a reminder sent for the same end sent (busy and back), and ignores an older event', async () => {
    const { event, windows, handler } = setup();
    await event('online', 'login', at(60));
    await windows.claimDue(at(45), 10);

    await event('busy', 'call-started', at(60));
    expect((await windows.find('acme', ANN.id))?.reminderDueAt).toBeNull();

    await expect(
      handler.execute(new TrackAgentWindowCommand('old', 'acme', ANN.id, 1, 'online', 'login', at(300))),
    ).resolves.toBe('stale');
  });

  it('schedules nothing while the tenant has SMS off', async () => {
    const { event, windows, settings } = setup();
    await settings.save({ ...(await settings.find('acme'))!, enabled: false });
    await event('online', 'login', at(60));
    expect((await windows.find('acme', ANN.id))?.reminderDueAt).toBeNull();
  });

  it('sends the unreachable notice once, remembering the window the agent lost', async () => {
    const { event, sender, sent, handler } = setup();
    await event('online', 'login', at(180));

    await expect(event('offline', 'unreachable', null, 'off-1')).resolves.toBe('unreachable-sent');
    await expect(
      handler.execute(
        new TrackAgentWindowCommand('off-1', 'acme', ANN.id, 99, 'offline', 'unreachable', null),
      ),
    ).resolves.toBe('unreachable-sent-before');

    expect(sender.sent).toEqual([
      expect.objectContaining({
        from: '+14155550100',
        to: ANN.phone,
        body: 'You were set offline because you missed your calls. Reply 1 to go back online.',
      }),
    ]);
    expect(sender.sent[0].credentials.accountSid).toBe('AC11111111111111111111111111111111');
    expect(sent.messages[0]).toMatchObject({ kind: 'unreachable', windowEnd: at(180), outcome: 'sent' });
  });

  it('sends nothing to an agent who opted out, and logs why', async () => {
    const { event, sender, sent, optOuts } = setup();
    await optOuts.optOut('acme', ANN.phone);
    await event('online', 'login', at(180));
    await expect(event('offline', 'unreachable', null)).resolves.toBe('unreachable-opted-out');
    expect(sender.sent).toEqual([]);
    expect(sent.messages[0]).toMatchObject({ outcome: 'opted-out' });
  });
});
