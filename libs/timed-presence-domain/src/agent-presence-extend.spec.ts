import { anAgentPresence } from '@tp/fakes';
import { AgentPresence } from './index';

const NOW = new Date('2026-01-15T09:00:00.000Z');
const AT_10 = new Date('2026-01-15T10:00:00.000Z');
const AT_11 = new Date('2026-01-15T11:00:00.000Z');

describe('AgentPresence.extendWindowTo', () => {
  it('moves the end of a window that still ends where the caller saw it, keeping the state', () => {
    const presence = anAgentPresence().busyUntil(AT_10.toISOString()).withSequence(3).build();

    expect(presence.extendWindowTo(AT_11, AT_10, NOW)).toBe(true);

    expect(presence.state).toBe('busy');
    expect(presence.expiresAt).toEqual(AT_11);
    expect(presence.pullEvents()).toEqual([
      expect.objectContaining({ type: 'agent-presence-changed', reason: 'changed', sequence: 4 }),
    ]);
  });

  it('changes nothing a second time: the window no longer ends where the caller saw it', () => {
    const presence = anAgentPresence().onlineUntil(AT_10.toISOString()).build();
    presence.extendWindowTo(AT_11, AT_10, NOW);
    presence.pullEvents();

    expect(presence.extendWindowTo(new Date(AT_11.getTime() + 3_600_000), AT_10, NOW)).toBe(false);
    expect(presence.expiresAt).toEqual(AT_11);
    expect(presence.pullEvents()).toEqual([]);
  });

  it('takes an offline agent online until the new end when asked for one that is offline', () => {
    const offline = AgentPresence.absent('acme', 'agent-1');
    expect(offline.extendWindowTo(AT_11, null, NOW)).toBe(true);
    expect(offline.state).toBe('online');
    expect(offline.pullEvents()).toEqual([
      expect.objectContaining({ type: 'agent-went-online', reason: 'login', expiresAt: AT_11.toISOString() }),
    ]);

    const online = anAgentPresence().onlineUntil(AT_10.toISOString()).build();
    expect(online.extendWindowTo(AT_11, null, NOW)).toBe(false);
    expect(online.expiresAt).toEqual(AT_10);
  });

  it('puts how it was asked for on the event when told (an SMS reply), and nothing when not', () => {
    const online = anAgentPresence().onlineUntil(AT_10.toISOString()).build();
    online.extendWindowTo(AT_11, AT_10, NOW, 'sms');
    expect(online.pullEvents()).toEqual([expect.objectContaining({ reason: 'changed', via: 'sms' })]);

    const offline = AgentPresence.absent('acme', 'agent-1');
    offline.extendWindowTo(AT_11, null, NOW, 'sms');
    expect(offline.pullEvents()).toEqual([expect.objectContaining({ reason: 'login', via: 'sms' })]);

    const plain = anAgentPresence().onlineUntil(AT_10.toISOString()).build();
    plain.extendWindowTo(AT_11, AT_10, NOW);
    expect(plain.pullEvents()[0]?.via).toBeUndefined();
  });

  it.each([
    ['not ahead', NOW],
    ['more than 99 hours ahead', new Date(NOW.getTime() + 99 * 3_600_000 + 1)],
  ])('refuses an end %s', (_case, until) => {
    const presence = anAgentPresence().onlineUntil(AT_10.toISOString()).build();
    expect(() => presence.extendWindowTo(until, AT_10, NOW)).toThrow(
      expect.objectContaining({ code: 'PRESENCE.WINDOW_INVALID', kind: 'invalid' }),
    );
  });
});
