import { presenceFixture } from '../../testing/presence-handlers.fixture';
import { GetPresenceHandler } from './get-presence.handler';
import { GetPresenceQuery } from './get-presence.query';

describe(GetPresenceHandler.name, () => {
  let { repo } = presenceFixture();

  beforeEach(() => {
    ({ repo } = presenceFixture());
  });

  it('answers an agent who never had presence as offline, sequence 0', async () => {
    await expect(
      new GetPresenceHandler(repo).execute(new GetPresenceQuery('acme', 'nobody')),
    ).resolves.toMatchObject({
      state: 'offline',
      sequence: 0,
      reason: null,
    });
  });
});
