import { presenceFixture } from '../../testing/presence-handlers.fixture';
import { GoOnlineCommand } from '../go-online/go-online.command';
import { GoOnlineHandler } from '../go-online/go-online.handler';
import { GoOfflineCommand } from './go-offline.command';
import { GoOfflineHandler } from './go-offline.handler';

describe(GoOfflineHandler.name, () => {
  let { repo, clock } = presenceFixture();

  beforeEach(() => {
    ({ repo, clock } = presenceFixture());
  });

  it('goes offline with the reason, and changes nothing for an agent already offline', async () => {
    await new GoOnlineHandler(repo, clock).execute(new GoOnlineCommand('acme', 'ann', 8));

    const off = await new GoOfflineHandler(repo, clock).execute(
      new GoOfflineCommand('acme', 'ann', 'agent-logoff'),
    );
    const again = await new GoOfflineHandler(repo, clock).execute(
      new GoOfflineCommand('acme', 'ann', 'agent-logoff'),
    );

    expect(off).toMatchObject({ state: 'offline', reason: 'agent-logoff', sequence: 2, expiresAt: null });
    expect(again.sequence).toBe(2);
    expect(repo.outbox.map((e) => e.type)).toEqual(['agent-went-online', 'agent-went-offline']);
  });
});
