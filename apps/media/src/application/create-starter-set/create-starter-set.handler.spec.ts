import { aPrompt, FixedClock, InMemoryPromptRepository } from '@tp/fakes';
import { Prompt, STARTER_PROMPT_ROLES } from '@tp/media-domain';
import { CreateStarterSetCommand } from './create-starter-set.command';
import { CreateStarterSetHandler } from './create-starter-set.handler';

describe(CreateStarterSetHandler.name, () => {
  const clock = new FixedClock('2026-01-15T09:00:00.000Z');
  let prompts: InMemoryPromptRepository;
  let handler: CreateStarterSetHandler;

  beforeEach(() => {
    prompts = new InMemoryPromptRepository();
    handler = new CreateStarterSetHandler(prompts, clock);
  });

  it("creates the starter set for the tenant: the vendor page's seven prompts, the until-a-time pair and the break's two", async () => {
    const result = await handler.execute(new CreateStarterSetCommand('acme'));

    expect(result.created).toBe(11);
    expect(result.prompts.map((e) => [e.role, e.status])).toEqual(
      STARTER_PROMPT_ROLES.map((r) => [r, 'created']),
    );
    expect(
      prompts
        .all()
        .map((p) => p.role)
        .sort(),
    ).toEqual([...STARTER_PROMPT_ROLES].sort());
    expect(prompts.outbox).toHaveLength(11);
    expect(result.prompts.find((e) => e.role === 'preset-hours')?.prompt.content).toMatchObject({
      kind: 'tts',
      voice: 'Polly.Joanna',
      language: 'en-US',
      text: expect.stringContaining('To go online for 8 hours, press 1.'),
    });
  });

  it('creates nothing the second time, and says which exist by role', async () => {
    const first = await handler.execute(new CreateStarterSetCommand('acme'));

    const second = await handler.execute(new CreateStarterSetCommand('acme'));

    expect(second.created).toBe(0);
    expect(second.prompts.map((e) => [e.role, e.status, e.prompt.id])).toEqual(
      first.prompts.map((e) => [e.role, 'exists', e.prompt.id]),
    );
    expect(prompts.all()).toHaveLength(11);
  });

  it('creates only the roles the tenant has no prompt for', async () => {
    prompts.seed(aPrompt().withId('mine').named('Our welcome').withRole('welcome').build());

    const result = await handler.execute(new CreateStarterSetCommand('acme', 'Polly.Matthew'));

    expect(result.created).toBe(10);
    expect(result.prompts[0]).toMatchObject({ role: 'welcome', status: 'exists', prompt: { id: 'mine' } });
    expect(
      prompts
        .all()
        .filter((p) => p.id !== 'mine')
        .map((p) => p.content),
    ).toEqual(Array(10).fill(expect.objectContaining({ voice: 'Polly.Matthew' })));
  });

  it('leaves alone a role whose starter name an untagged prompt already has', async () => {
    prompts.seed(aPrompt().withId('taken').named('timed presence: online').build());

    const result = await handler.execute(new CreateStarterSetCommand('acme'));

    expect(result.created).toBe(10);
    expect(result.prompts.find((e) => e.role === 'online')).toMatchObject({
      status: 'name-taken',
      prompt: { id: 'taken' },
    });
  });

  it('keeps tenants apart', async () => {
    await handler.execute(new CreateStarterSetCommand('acme'));

    expect((await handler.execute(new CreateStarterSetCommand('globex'))).created).toBe(11);
  });

  it('reports a prompt another run created meanwhile as existing', async () => {
    // The other run saved its welcome prompt after this run looked for roles and names.
    class LateToTheRace extends InMemoryPromptRepository {
      private readonly looked = new Set<string>();
      override findByRoles(): Promise<Prompt[]> {
        return Promise.resolve([]);
      }
      override findByName(tenantId: string, name: string): Promise<Prompt | null> {
        if (this.looked.has(name)) return super.findByName(tenantId, name);
        this.looked.add(name);
        return Promise.resolve(null);
      }
    }
    const racing = new LateToTheRace();
    racing.seed(aPrompt().withId('theirs').named('Timed presence: welcome').withRole('welcome').build());

    const result = await new CreateStarterSetHandler(racing, clock).execute(
      new CreateStarterSetCommand('acme'),
    );

    expect(result.created).toBe(10);
    expect(result.prompts[0]).toMatchObject({ role: 'welcome', status: 'exists', prompt: { id: 'theirs' } });
  });
});
