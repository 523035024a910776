import { FixedClock, InMemoryPromptRepository } from '@tp/fakes';
import { PromptCreated, PromptNameTaken, VoiceInvalid } from '@tp/media-domain';
import { CreatePromptCommand } from './create-prompt.command';
import { CreatePromptHandler } from './create-prompt.handler';

describe(CreatePromptHandler.name, () => {
  const clock = new FixedClock('2026-01-15T09:00:00.000Z');
  const tts = { kind: 'tts', text: 'Welcome.', voice: 'Polly.Joanna', language: 'en-US' } as const;
  let prompts: InMemoryPromptRepository;
  let handler: CreatePromptHandler;

  beforeEach(() => {
    prompts = new InMemoryPromptRepository();
    handler = new CreatePromptHandler(prompts, clock);
  });

  it('stores the prompt, records its creation and answers its view', async () => {
    const view = await handler.execute(new CreatePromptCommand('acme', 'Welcome', tts, 'welcome'));

    expect(view).toEqual({
      id: 'prompt-1',
      tenantId: 'acme',
      name: 'Welcome',
      role: 'welcome',
      content: tts,
      version: 1,
      createdAt: '2026-01-15T09:00:00.000Z',
      updatedAt: '2026-01-15T09:00:00.000Z',
    });
    expect(prompts.all().map((p) => p.toData())).toEqual([view]);
    expect(prompts.outbox).toEqual([expect.any(PromptCreated)]);
  });

  it('refuses a name the tenant already uses, naming the prompt that has it', async () => {
    await handler.execute(new CreatePromptCommand('acme', 'Welcome', tts));

    await expect(handler.execute(new CreatePromptCommand('acme', 'WELCOME', tts))).rejects.toMatchObject({
      constructor: PromptNameTaken,
      details: { field: 'name', name: 'WELCOME', existingPromptId: 'prompt-1' },
    });
    await expect(handler.execute(new CreatePromptCommand('globex', 'Welcome', tts))).resolves.toMatchObject({
      tenantId: 'globex',
    });
  });

  it('stores nothing when a field breaks a rule', async () => {
    await expect(
      handler.execute(new CreatePromptCommand('acme', 'Welcome', { ...tts, voice: 'robot voice' })),
    ).rejects.toBeInstanceOf(VoiceInvalid);
    expect(prompts.all()).toEqual([]);
    expect(prompts.outbox).toEqual([]);
  });
});
