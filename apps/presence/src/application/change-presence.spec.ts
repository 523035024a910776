import {
  AgentPresence,
  Hours,
  PresenceChangedConcurrently,
  PresenceRepository,
  type SessionOrigin,
} from '@tp/timed-presence-domain';
import { InMemoryPresenceRepository } from '@tp/fakes';
import { T0 } from '../testing/presence-handlers.fixture';
import { changePresence } from './change-presence';

describe(changePresence.name, () => {
  /** A repository where another writer changes the same agent just before each of our first saves. */
  class RacingRepository extends PresenceRepository {
    readonly inner = new InMemoryPresenceRepository();
    private raced = 0;
    constructor(private readonly races: number) {
      super();
    }
    find(tenantId: string, agentId: string): Promise<AgentPresence | null> {
      return this.inner.find(tenantId, agentId);
    }
    async save(presence: AgentPresence, origin?: SessionOrigin): Promise<void> {
      if (this.raced < this.races) {
        this.raced += 1;
        const rival =
          (await this.inner.find(presence.tenantId, presence.agentId)) ??
          AgentPresence.absent(presence.tenantId, presence.agentId);
        rival.goOnlineFor(Hours.of(this.raced), new Date(T0));
        await this.inner.save(rival);
      }
      return this.inner.save(presence, origin);
    }
  }

  it('starts again from fresh state when another change of the agent won the race', async () => {
    const repo = new RacingRepository(2);

    const result = await changePresence(repo, 'acme', 'ann', (p) =>
      p.goOffline('agent-logoff', new Date(T0)),
    );

    expect(result).toMatchObject({ state: 'offline', sequence: 3 });
    expect(repo.inner.outbox.map((e) => [e.sequence, e.type])).toEqual([
      [1, 'agent-went-online'],
      [2, 'agent-presence-changed'],
      [3, 'agent-went-offline'],
    ]);
  });

  it('gives up after ten lost races with the conflict', async () => {
    await expect(
      changePresence(new RacingRepository(50), 'acme', 'ann', (p) =>
        p.goOffline('agent-logoff', new Date(T0)),
      ),
    ).rejects.toBeInstanceOf(PresenceChangedConcurrently);
  });
});
