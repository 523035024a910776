import { presenceFixture, T0 } from '../../testing/presence-handlers.fixture';
import { GoOnlineCommand } from '../go-online/go-online.command';
import { GoOnlineHandler } from '../go-online/go-online.handler';
import { ExtendWindowCommand } from './extend-window.command';
import { ExtendWindowHandler } from './extend-window.handler';

const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.parse(T0) + hours * HOUR);

describe(ExtendWindowHandler.name, () => {
  it('extends a window once, however often the same request comes', async () => {
    const { repo, clock } = presenceFixture();
    await new GoOnlineHandler(repo, clock).execute(new GoOnlineCommand('acme', 'ann', 1));
    const handler = new ExtendWindowHandler(repo, clock);

    const first = await handler.execute(new ExtendWindowCommand('acme', 'ann', at(2), at(1)));
    const again = await handler.execute(new ExtendWindowCommand('acme', 'ann', at(2), at(1)));

    expect(first).toMatchObject({ state: 'online', expiresAt: at(2).toISOString(), sequence: 2 });
    expect(again).toMatchObject({ expiresAt: at(2).toISOString(), sequence: 2 });
    expect(repo.outbox.map((e) => `${e.type} ${e.reason}`)).toEqual([
      'agent-went-online login',
      'agent-presence-changed changed',
    ]);
  });

  it('brings an offline agent back online until the given end, and saves nothing when it does not apply', async () => {
    const { repo, clock } = presenceFixture();
    const handler = new ExtendWindowHandler(repo, clock);

    await expect(
      handler.execute(new ExtendWindowCommand('acme', 'bob', at(3), at(1))),
    ).resolves.toMatchObject({
      state: 'offline',
      sequence: 0,
    });
    await expect(handler.execute(new ExtendWindowCommand('acme', 'bob', at(3), null))).resolves.toMatchObject(
      {
        state: 'online',
        expiresAt: at(3).toISOString(),
        reason: 'login',
      },
    );
  });
});
