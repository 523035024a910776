import { aPrompt, FixedClock, InMemoryPromptRepository } from '@tp/fakes';
import { PromptNameTaken, PromptNotFound, PromptVersionMismatch } from '@tp/media-domain';
import { UpdatePromptCommand } from './update-prompt.command';
import { UpdatePromptHandler } from './update-prompt.handler';

describe(UpdatePromptHandler.name, () => {
  const clock = new FixedClock('2026-01-15T10:00:00.000Z');
  let prompts: InMemoryPromptRepository;
  let handler: UpdatePromptHandler;

  beforeEach(async () => {
    prompts = new InMemoryPromptRepository();
    handler = new UpdatePromptHandler(prompts, clock);
    prompts.seed(aPrompt().withId('p-1').named('Welcome').build());
    prompts.seed(aPrompt().withId('p-2').named('Menu').build());
  });

  it('changes the prompt, bumps its version and records the changed fields', async () => {
    const view = await handler.execute(
      new UpdatePromptCommand('acme', 'p-1', {
        name: 'Greeting',
        content: { kind: 'audio', url: 'https://x.example/a.mp3' },
      }),
    );

    expect(view).toMatchObject({
      id: 'p-1',
      name: 'Greeting',
      content: { kind: 'audio', url: 'https://x.example/a.mp3' },
      version: 2,
      updatedAt: '2026-01-15T10:00:00.000Z',
    });
    expect((await prompts.find('acme', 'p-1'))?.toData()).toEqual(view);
    expect(prompts.outbox.map((e) => [e.type, e.version])).toEqual([['prompt-changed', 2]]);
  });

  it('stores and records nothing when nothing differs', async () => {
    const view = await handler.execute(new UpdatePromptCommand('acme', 'p-1', { name: 'Welcome' }));

    expect(view.version).toBe(1);
    expect(prompts.outbox).toEqual([]);
  });

  it("answers not found for another tenant's prompt", async () => {
    await expect(
      handler.execute(new UpdatePromptCommand('globex', 'p-1', { name: 'Mine' })),
    ).rejects.toBeInstanceOf(PromptNotFound);
    expect((await prompts.find('acme', 'p-1'))?.name).toBe('Welcome');
  });

  it('refuses a name another prompt of the tenant has, but lets a prompt change the case of its own', async () => {
    await expect(
      handler.execute(new UpdatePromptCommand('acme', 'p-1', { name: 'menu' })),
    ).rejects.toMatchObject({
      constructor: PromptNameTaken,
      details: expect.objectContaining({ existingPromptId: 'p-2' }),
    });
    await expect(
      handler.execute(new UpdatePromptCommand('acme', 'p-1', { name: 'WELCOME' })),
    ).resolves.toMatchObject({
      name: 'WELCOME',
    });
  });

  it('refuses an edit of an older version', async () => {
    await handler.execute(new UpdatePromptCommand('acme', 'p-1', { name: 'Greeting' }, 1));

    await expect(
      handler.execute(new UpdatePromptCommand('acme', 'p-1', { name: 'Hello' }, 1)),
    ).rejects.toBeInstanceOf(PromptVersionMismatch);
    expect((await prompts.find('acme', 'p-1'))?.name).toBe('Greeting');
  });
});
