import { presenceFixture } from '../../testing/presence-handlers.fixture';
import { GoOnlineCommand } from '../go-online/go-online.command';
import { GoOnlineHandler } from '../go-online/go-online.handler';
import { MarkBusyCommand } from './mark-busy.command';
import { MarkBusyHandler } from './mark-busy.handler';

describe(MarkBusyHandler.name, () => {
  let { repo, clock } = presenceFixture();

  beforeEach(() => {
    ({ repo, clock } = presenceFixture());
  });

  it('marks an online agent busy within the hours, and refuses an agent who is offline', async () => {
    await new GoOnlineHandler(repo, clock).execute(new GoOnlineCommand('acme', 'ann', 8));

    const busy = await new MarkBusyHandler(repo, clock).execute(new MarkBusyCommand('acme', 'ann'));

    expect(busy).toMatchObject({
      state: 'busy',
      reason: 'call-started',
      sequence: 2,
      expiresAt: '2026-03-02T17:00:00.000Z',
    });
    await expect(
      new MarkBusyHandler(repo, clock).execute(new MarkBusyCommand('acme', 'bob')),
    ).rejects.toMatchObject({ code: 'PRESENCE.AGENT_OFFLINE' });
    expect(repo.outbox.map((e) => e.type)).toEqual(['agent-went-online', 'agent-presence-changed']);
  });
});
