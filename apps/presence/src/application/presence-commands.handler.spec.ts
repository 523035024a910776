import {
  AgentPresence,
  Hours,
  PresenceChangedConcurrently,
  PresenceRepository,
  type SessionOrigin,
} from '@tp/timed-presence-domain';
import { FixedClock, InMemoryPresenceRepository } from '@tp/fakes';
import { changePresence } from './change-presence';
import { GetPresenceHandler } from './get-presence/get-presence.handler';
import { GetPresenceQuery } from './get-presence/get-presence.query';
import { GoOfflineCommand } from './go-offline/go-offline.command';
import { GoOfflineHandler } from './go-offline/go-offline.handler';
import { GoOnlineCommand } from './go-online/go-online.command';
import { GoOnlineHandler } from './go-online/go-online.handler';
import { MarkAvailableCommand } from './mark-available/mark-available.command';
import { MarkAvailableHandler } from './mark-available/mark-available.handler';
import { MarkBusyCommand } from './mark-busy/mark-busy.command';
import { MarkBusyHandler } from './mark-busy/mark-busy.handler';

const T0 = '2026-03-02T09:00:00.000Z';

describe('presence command handlers', () => {
  let repo: InMemoryPresenceRepository;
  let clock: FixedClock;

  beforeEach(() => {
    repo = new InMemoryPresenceRepository();
    clock = new FixedClock(T0);
  });

  it('goes online for N hours from now, keeping where the login came from', async () => {
    const view = await new GoOnlineHandler(repo, clock).execute(
      new GoOnlineCommand('acme', 'ann', 8, 'login', { callSid: 'CA1', flowId: 'f-1' }),
    );

    expect(view).toEqual({
      tenantId: 'acme',
      agentId: 'ann',
      state: 'online',
      expiresAt: '2026-03-02T17:00:00.000Z',
      sequence: 1,
      reason: 'login',
      changedAt: T0,
      expiresWhenCallEnds: false,
    });
    expect(repo.origins).toEqual([{ hours: 8, callSid: 'CA1', flowId: 'f-1' }]);
    expect(repo.outbox.map((e) => e.type)).toEqual(['agent-went-online']);
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
