import { backOnlineUntil, localClockTime, parseSmsReply, reminderDueAt, smsTexts } from './index';

describe('SMS around the window', () => {
  it.each([
    ['1', 'extend'],
    [' 1 ', 'extend'],
    ['0', 'offline'],
    ['stop', 'stop'],
    ['Stop All', 'stop'],
    ['UNSUBSCRIBE', 'stop'],
    ['cancel', 'stop'],
    ['End', 'stop'],
    ['quit', 'stop'],
    ['start', 'start'],
    ['UNSTOP', 'start'],
    ['yes', 'start'],
    ['help', 'help'],
    ['2', 'unknown'],
    ['11', 'unknown'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ] as const)('reads %j as %s', (body, intent) => {
    expect(parseSmsReply(body)).toBe(intent);
  });

  it("writes the time in the agent's zone, UTC for a zone it does not know", () => {
    const at = new Date('2026-06-01T16:00:00Z');
    expect(localClockTime(at, 'Europe/Berlin')).toBe('18:00');
    expect(localClockTime(at, 'America/New_York')).toBe('12:00');
    expect(localClockTime(at, 'Mars/Olympus')).toBe('16:00');
    expect(smsTexts.reminder('18:00')).toBe(
      'You go offline at 18:00. Reply 1 to stay online 1 more hour, 0 to go offline now.',
    );
  });

  it('is due the configured minutes before the end of the window', () => {
    expect(reminderDueAt(new Date('2026-06-01T16:00:00Z'), 15)).toEqual(new Date('2026-06-01T15:45:00Z'));
  });

  it('brings an agent back until the lost window when it is still ahead, else for one hour', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    expect(backOnlineUntil(new Date('2026-06-01T15:00:00Z'), now)).toEqual(new Date('2026-06-01T15:00:00Z'));
    expect(backOnlineUntil(new Date('2026-06-01T12:00:30Z'), now)).toEqual(new Date('2026-06-01T13:00:00Z'));
    expect(backOnlineUntil(null, now)).toEqual(new Date('2026-06-01T13:00:00Z'));
  });
});
