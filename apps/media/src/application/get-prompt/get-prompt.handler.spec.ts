import { aPrompt, InMemoryPromptRepository } from '@tp/fakes';
import { PromptNotFound } from '@tp/media-domain';
import { GetPromptHandler } from './get-prompt.handler';
import { GetPromptQuery } from './get-prompt.query';

describe(GetPromptHandler.name, () => {
  it("answers the tenant's prompt, and not found for another tenant's", async () => {
    const prompts = new InMemoryPromptRepository();
    const prompt = aPrompt().withId('p-1').build();
    prompts.seed(prompt);
    const handler = new GetPromptHandler(prompts);

    await expect(handler.execute(new GetPromptQuery('acme', 'p-1'))).resolves.toEqual(prompt.toData());
    await expect(handler.execute(new GetPromptQuery('globex', 'p-1'))).rejects.toBeInstanceOf(PromptNotFound);
    await expect(handler.execute(new GetPromptQuery('acme', 'p-2'))).rejects.toBeInstanceOf(PromptNotFound);
  });
});
