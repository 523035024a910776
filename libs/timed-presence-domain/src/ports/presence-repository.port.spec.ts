import { anAgentPresence, FixedClock, InMemoryPresenceRepository } from '@tp/fakes';
import { AgentPresence, Hours, PresenceRepository } from '../index';

// The contract every PresenceRepository keeps, run here against the in-memory fake.
describe(PresenceRepository.name, () => {
  const clock = new FixedClock('2026-01-15T09:00:00.000Z');
  let presences: PresenceRepository & InMemoryPresenceRepository;

  beforeEach(() => {
    presences = new InMemoryPresenceRepository();
  });

  it('finds nothing for an agent who never had presence', async () => {
    await expect(presences.find('acme', 'agent-1')).resolves.toBeNull();
  });

  it('gives back what was saved', async () => {
    const presence = AgentPresence.absent('acme', 'agent-1');
    presence.goOnlineFor(Hours.of(8), clock.now());

    await presences.save(presence);
    const found = await presences.find('acme', 'agent-1');

    expect(found?.toSnapshot()).toEqual(presence.toSnapshot());
  });

  it('keeps changes made after saving out of the store until saved again', async () => {
    const presence = anAgentPresence().onlineUntil('2026-01-15T17:00:00.000Z').build();
    await presences.save(presence);

    presence.goOffline('agent-logoff', clock.now());
    const found = await presences.find('acme', 'agent-1');

    expect(found?.state).toBe('online');
  });

  it('keeps tenants and agents apart', async () => {
    await presences.save(
      anAgentPresence().forTenant('acme').forAgent('a').onlineUntil('2026-01-15T17:00:00Z').build(),
    );
    await presences.save(anAgentPresence().forTenant('globex').forAgent('a').build());

    expect((await presences.find('acme', 'a'))?.state).toBe('online');
    expect((await presences.find('globex', 'a'))?.state).toBe('offline');
    expect(await presences.find('acme', 'b')).toBeNull();
    expect(presences.all()).toHaveLength(2);
  });

  it('takes the recorded events into the outbox when saving', async () => {
    const presence = AgentPresence.absent('acme', 'agent-1');
    presence.goOnlineFor(Hours.of(8), clock.now());

    await presences.save(presence);
    await presences.save(presence);

    expect(presence.peekEvents()).toEqual([]);
    expect(presences.outbox.map((e) => [e.type, e.sequence])).toEqual([['agent-went-online', 1]]);
  });
});
