import { FixedClock, InMemoryPromptRepository } from '@tp/fakes';
import { Prompt, PromptChangedConcurrently, PromptNameTaken, PromptRepository } from '../index';

// The contract every PromptRepository keeps, run here against the in-memory fake (the MikroORM
// adapter runs the same cases against PostgreSQL in its integration test).
describe(PromptRepository.name, () => {
  const clock = new FixedClock('2026-01-15T09:00:00.000Z');
  const tts = { kind: 'tts', text: 'Hello.', voice: 'alice', language: 'en-US' } as const;
  let prompts: InMemoryPromptRepository;

  const create = (tenantId: string, name: string, role: string | null = null) =>
    Prompt.create({ id: prompts.nextId(), tenantId, name, role, content: tts }, clock.now());

  beforeEach(() => {
    prompts = new InMemoryPromptRepository();
  });

  it('gives back what was saved, for its tenant only', async () => {
    const prompt = create('acme', 'Welcome');
    await prompts.save(prompt);

    expect((await prompts.find('acme', prompt.id))?.toSnapshot()).toEqual(prompt.toSnapshot());
    expect(await prompts.find('globex', prompt.id)).toBeNull();
    expect(await prompts.find('acme', 'nope')).toBeNull();
  });

  it('hands out distinct ids', () => {
    expect(new Set([prompts.nextId(), prompts.nextId(), prompts.nextId()]).size).toBe(3);
  });

  it('takes the recorded events into the outbox when saving', async () => {
    const prompt = create('acme', 'Welcome');
    await prompts.save(prompt);
    prompt.change({ name: 'Greeting' }, clock.now());
    await prompts.save(prompt);
    prompt.delete(clock.now());
    await prompts.save(prompt);

    expect(prompt.peekEvents()).toEqual([]);
    expect(prompts.outbox.map((e) => [e.type, e.version])).toEqual([
      ['prompt-created', 1],
      ['prompt-changed', 2],
      ['prompt-deleted', 3],
    ]);
    expect(await prompts.find('acme', prompt.id)).toBeNull();
  });

  it('keeps names unique per tenant, ignoring case', async () => {
    await prompts.save(create('acme', 'Welcome'));
    await prompts.save(create('globex', 'Welcome'));

    await expect(prompts.save(create('acme', ' WELCOME '))).rejects.toBeInstanceOf(PromptNameTaken);
    expect((await prompts.findByName('acme', 'welcome'))?.name).toBe('Welcome');
    expect(await prompts.findByName('initech', 'welcome')).toBeNull();
  });

  it('refuses to save a prompt read before someone else saved it', async () => {
    await prompts.save(create('acme', 'Welcome'));
    const [mine, theirs] = [await prompts.find('acme', 'prompt-1'), await prompts.find('acme', 'prompt-1')];
    theirs!.change({ name: 'Theirs' }, clock.now());
    await prompts.save(theirs!);

    mine!.change({ name: 'Mine' }, clock.now());

    await expect(prompts.save(mine!)).rejects.toBeInstanceOf(PromptChangedConcurrently);
    expect((await prompts.find('acme', 'prompt-1'))?.name).toBe('Theirs');
  });

  it('finds many by id within the tenant, and by role', async () => {
    const a = create('acme', 'A', 'welcome');
    const b = create('acme', 'B', 'online');
    const c = create('acme', 'C');
    const other = create('globex', 'A', 'welcome');
    for (const p of [a, b, c, other]) await prompts.save(p);

    const many = await prompts.findMany('acme', [a.id, c.id, other.id, 'nope']);
    const byRole = await prompts.findByRoles('acme', ['welcome', 'online']);

    expect(many.map((p) => p.id).sort()).toEqual([a.id, c.id].sort());
    expect(byRole.map((p) => p.name).sort()).toEqual(['A', 'B']);
  });

  it('lists a page in name order, with the total, filtered by role', async () => {
    for (const [name, role] of [
      ['delta', 'online'],
      ['Alpha', null],
      ['charlie', 'online'],
      ['Bravo', 'online'],
    ] as const)
      await prompts.save(create('acme', name, role));
    await prompts.save(create('globex', 'Aardvark', 'online'));

    const all = await prompts.list('acme', { limit: 2, offset: 0 });
    const online = await prompts.list('acme', { role: 'online', limit: 2, offset: 1 });

    expect({ names: all.items.map((p) => p.name), total: all.total }).toEqual({
      names: ['Alpha', 'Bravo'],
      total: 4,
    });
    expect({ names: online.items.map((p) => p.name), total: online.total }).toEqual({
      names: ['charlie', 'delta'],
      total: 3,
    });
  });
});
