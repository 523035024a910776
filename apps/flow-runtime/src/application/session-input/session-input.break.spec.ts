import { builtInText, timedPresenceSettings } from '@tp/flow-domain';
import { promptIdsByRole, timedPresenceParams } from '@tp/fakes';
import { heard, loginCalls, loginWithFlow } from '../../testing/session-handlers.fixture';

const BREAK_PARAMS = timedPresenceParams({
  prompts: {
    ...promptIdsByRole(),
    'break-started': 'p-break-started',
    'break-not-online': 'p-break-not-online',
  },
  breakEnabled: true,
  breakMinutes: 20,
});
const UNTIL = new Date('2026-03-02T20:00:00.000Z');

describe('SessionInputHandler: the timed break', () => {
  let fixture: Awaited<ReturnType<typeof loginWithFlow>>;
  const { call, press, publishedFlow } = loginCalls(() => fixture);

  beforeEach(async () => {
    fixture = await loginWithFlow();
    fixture.flowId = await publishedFlow(BREAK_PARAMS);
  });

  it('asks presence for a break of the flow’s minutes when an online agent presses 6, and says so', async () => {
    fixture.presence.set('acme', 'ann', { state: 'online', expiresAt: UNTIL });

    const reply = await press(await call(), '6');

    // media does not deliver the break prompts here: the built-in wording stands in
    expect(heard(reply)).toEqual([
      builtInText('break-started', timedPresenceSettings(BREAK_PARAMS)),
      '(hangup)',
    ]);
    expect(reply.done).toBe(true);
    expect(fixture.presence.breaks).toEqual([{ tenantId: 'acme', agentId: 'ann', minutes: 20 }]);
    expect(fixture.presence.logins).toEqual([]);
  });

  it('tells an offline agent a break needs them online, asks again, and asks presence nothing', async () => {
    const reply = await press(await call(), '6');

    expect(heard(reply)).toEqual([
      builtInText('break-not-online', timedPresenceSettings(BREAK_PARAMS)),
      '<p-preset-hours>',
      '(collect preset-menu)',
    ]);
    expect(fixture.presence.breaks).toEqual([]);
  });
});
