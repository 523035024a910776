import { presenceFixture } from '../../testing/presence-handlers.fixture';
import { GoOnlineCommand } from '../go-online/go-online.command';
import { GoOnlineHandler } from '../go-online/go-online.handler';
import { MarkBusyCommand } from '../mark-busy/mark-busy.command';
import { MarkBusyHandler } from '../mark-busy/mark-busy.handler';
import { StartBreakCommand } from './start-break.command';
import { StartBreakHandler } from './start-break.handler';

describe(StartBreakHandler.name, () => {
  let { repo, clock } = presenceFixture();

  beforeEach(() => {
    ({ repo, clock } = presenceFixture());
  });

  it('puts an online agent on a break, keeping the expiry, and publishes it', async () => {
    await new GoOnlineHandler(repo, clock).execute(new GoOnlineCommand('acme', 'ann', 8));

    const view = await new StartBreakHandler(repo, clock).execute(new StartBreakCommand('acme', 'ann', 15));

    expect(view).toMatchObject({
      state: 'on-break',
      reason: 'break-started',
      sequence: 2,
      expiresAt: '2026-03-02T17:00:00.000Z',
      breakEndsAt: '2026-03-02T09:15:00.000Z',
    });
    expect(repo.outbox.map((e) => [e.type, e.state, e.reason])).toEqual([
      ['agent-went-online', 'online', 'login'],
      ['agent-presence-changed', 'on-break', 'break-started'],
    ]);
  });

  it('refuses an agent who is offline or busy, and changes nothing', async () => {
    await new GoOnlineHandler(repo, clock).execute(new GoOnlineCommand('acme', 'ann', 8));
    await new MarkBusyHandler(repo, clock).execute(new MarkBusyCommand('acme', 'ann'));
    const handler = new StartBreakHandler(repo, clock);

    await expect(handler.execute(new StartBreakCommand('acme', 'bob', 15))).rejects.toMatchObject({
      code: 'PRESENCE.BREAK_NOT_ALLOWED',
    });
    await expect(handler.execute(new StartBreakCommand('acme', 'ann', 15))).rejects.toMatchObject({
      code: 'PRESENCE.BREAK_NOT_ALLOWED',
    });
    expect(repo.outbox).toHaveLength(2);
  });
});
