import { presenceFixture, T0 } from '../../testing/presence-handlers.fixture';
import { GoOnlineCommand } from './go-online.command';
import { GoOnlineHandler } from './go-online.handler';

describe(GoOnlineHandler.name, () => {
  let { repo, clock } = presenceFixture();

  beforeEach(() => {
    ({ repo, clock } = presenceFixture());
  });

  it('goes online for N hours from now, keeping where the login came from', async () => {
    const view = await new GoOnlineHandler(repo, clock).execute(
      new GoOnlineCommand('acme', 'ann', 8, 'login', { callSid: 'CA1', flowId: 'f-1', via: 'ivr-preset' }),
    );

    expect(view).toEqual({
      tenantId: 'acme',
      agentId: 'ann',
      state: 'online',
      expiresAt: '2026-03-02T17:00:00.000Z',
      breakEndsAt: null,
      sequence: 1,
      reason: 'login',
      changedAt: T0,
      expiresWhenCallEnds: false,
    });
    expect(repo.origins).toEqual([{ hours: 8, callSid: 'CA1', flowId: 'f-1' }]);
    expect(repo.outbox.map((e) => [e.type, e.via])).toEqual([['agent-went-online', 'ivr-preset']]);
  });

  it("marks an admin's window as started by an admin, and new hours with how they were chosen", async () => {
    const handler = new GoOnlineHandler(repo, clock);
    await handler.execute(new GoOnlineCommand('acme', 'ann', 8, 'admin'));
    await handler.execute(new GoOnlineCommand('acme', 'ann', 4, 'login', { via: 'ivr-custom-hours' }));
    await handler.execute(new GoOnlineCommand('acme', 'ann', 2, 'login'));

    expect(repo.outbox.map((e) => [e.type, e.reason, e.via])).toEqual([
      ['agent-went-online', 'admin', 'admin'],
      ['agent-presence-changed', 'changed', 'ivr-custom-hours'],
      ['agent-presence-changed', 'changed', undefined],
    ]);
  });

  it('goes online until an instant, and keeps no hours of its own for the history', async () => {
    const view = await new GoOnlineHandler(repo, clock).execute(
      new GoOnlineCommand('acme', 'ann', { until: new Date('2026-03-02T18:30:00Z') }, 'login', {
        callSid: 'CA1',
        maxHours: 10,
      }),
    );

    expect(view).toMatchObject({ state: 'online', expiresAt: '2026-03-02T18:30:00.000Z', reason: 'login' });
    expect(repo.origins).toEqual([{ callSid: 'CA1', flowId: null }]);
  });

  it.each([
    ['2026-03-02T09:00:00Z', 99],
    ['2026-03-02T08:00:00Z', 99],
    ['2026-03-02T17:00:01Z', 8],
  ])('refuses to go online until %s when the tenant allows %p hours', async (until, maxHours) => {
    await expect(
      new GoOnlineHandler(repo, clock).execute(
        new GoOnlineCommand('acme', 'ann', { until: new Date(until) }, 'login', { maxHours }),
      ),
    ).rejects.toMatchObject({ code: 'PRESENCE.UNTIL_OUT_OF_RANGE' });
    expect(repo.outbox).toEqual([]);
  });

  it.each([
    [0, 99, 'PRESENCE.HOURS_OUT_OF_RANGE'],
    [25, 24, 'PRESENCE.HOURS_OUT_OF_RANGE'],
    [1.5, 99, 'PRESENCE.HOURS_NOT_WHOLE'],
  ])('refuses %p hours when the tenant allows %p', async (hours, maxHours, code) => {
    await expect(
      new GoOnlineHandler(repo, clock).execute(
        new GoOnlineCommand('acme', 'ann', hours, 'login', { maxHours }),
      ),
    ).rejects.toMatchObject({ code });
    expect(repo.outbox).toEqual([]);
  });
});
