import { aPrompt, FakePromptUsage, FixedClock, InMemoryPromptRepository } from '@tp/fakes';
import { PromptInUse, PromptNotFound, PromptUsageUnknown } from '@tp/media-domain';
import { DeletePromptCommand } from './delete-prompt.command';
import { DeletePromptHandler } from './delete-prompt.handler';

describe(DeletePromptHandler.name, () => {
  const clock = new FixedClock('2026-01-15T10:00:00.000Z');
  const flow = { flowId: 'f-1', name: 'Timed Presence', version: 2 };
  let prompts: InMemoryPromptRepository;
  let usage: FakePromptUsage;
  let handler: DeletePromptHandler;

  beforeEach(async () => {
    prompts = new InMemoryPromptRepository();
    usage = new FakePromptUsage();
    handler = new DeletePromptHandler(prompts, usage, clock);
    prompts.seed(aPrompt().withId('p-1').named('Welcome').build());
  });

  it('deletes a prompt no published flow plays, and records the deletion', async () => {
    await handler.execute(new DeletePromptCommand('acme', 'p-1'));

    expect(await prompts.find('acme', 'p-1')).toBeNull();
    expect(prompts.outbox.map((e) => [e.type, e.promptId, e.version])).toEqual([
      ['prompt-deleted', 'p-1', 2],
    ]);
    expect(usage.asked).toEqual([{ tenantId: 'acme', promptIds: ['p-1'] }]);
  });

  it('keeps a prompt a published flow plays, naming the flow', async () => {
    usage.usedBy('acme', 'p-1', flow);

    await expect(handler.execute(new DeletePromptCommand('acme', 'p-1'))).rejects.toMatchObject({
      constructor: PromptInUse,
      details: { promptId: 'p-1', flows: [flow] },
    });
    expect(await prompts.find('acme', 'p-1')).not.toBeNull();
    expect(prompts.outbox).toEqual([]);
  });

  it('keeps the prompt when flow-runtime cannot say whether it is used', async () => {
    usage.goDown();

    await expect(handler.execute(new DeletePromptCommand('acme', 'p-1'))).rejects.toBeInstanceOf(
      PromptUsageUnknown,
    );
    expect(await prompts.find('acme', 'p-1')).not.toBeNull();
  });

  it("answers not found for another tenant's prompt without asking flow-runtime", async () => {
    await expect(handler.execute(new DeletePromptCommand('globex', 'p-1'))).rejects.toBeInstanceOf(
      PromptNotFound,
    );
    expect(usage.asked).toEqual([]);
    expect(await prompts.find('acme', 'p-1')).not.toBeNull();
  });
});
