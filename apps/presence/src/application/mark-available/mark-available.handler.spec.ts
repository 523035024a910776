import { presenceFixture } from '../../testing/presence-handlers.fixture';
import { GetPresenceHandler } from '../get-presence/get-presence.handler';
import { GetPresenceQuery } from '../get-presence/get-presence.query';
import { GoOnlineCommand } from '../go-online/go-online.command';
import { GoOnlineHandler } from '../go-online/go-online.handler';
import { MarkBusyCommand } from '../mark-busy/mark-busy.command';
import { MarkBusyHandler } from '../mark-busy/mark-busy.handler';
import { MarkAvailableCommand } from './mark-available.command';
import { MarkAvailableHandler } from './mark-available.handler';

describe(MarkAvailableHandler.name, () => {
  let { repo, clock } = presenceFixture();

  beforeEach(() => {
    ({ repo, clock } = presenceFixture());
  });

  it('marks busy and available around a call, and offline at its end when the hours ran out', async () => {
    await new GoOnlineHandler(repo, clock).execute(new GoOnlineCommand('acme', 'ann', 1));
    await new MarkBusyHandler(repo, clock).execute(new MarkBusyCommand('acme', 'ann'));
    const busy = await new GetPresenceHandler(repo).execute(new GetPresenceQuery('acme', 'ann'));
    clock.advanceHours(2);

    const after = await new MarkAvailableHandler(repo, clock).execute(
      new MarkAvailableCommand('acme', 'ann'),
    );

    expect(busy.state).toBe('busy');
    expect(after).toMatchObject({ state: 'offline', reason: 'expired', sequence: 3 });
  });
});
