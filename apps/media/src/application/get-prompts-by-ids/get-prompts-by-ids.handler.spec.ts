import { aPrompt, InMemoryPromptRepository } from '@tp/fakes';
import { GetPromptsByIdsHandler } from './get-prompts-by-ids.handler';
import { GetPromptsByIdsQuery } from './get-prompts-by-ids.query';

describe(GetPromptsByIdsHandler.name, () => {
  it("answers the tenant's prompts in the order asked, each once, and the rest as missing", async () => {
    const prompts = new InMemoryPromptRepository();
    prompts.seed(aPrompt().withId('p-1').named('A').build());
    prompts.seed(aPrompt().withId('p-2').named('B').build());
    prompts.seed(aPrompt().withId('p-9').named('C').forTenant('globex').build());
    const handler = new GetPromptsByIdsHandler(prompts);

    const reply = await handler.execute(
      new GetPromptsByIdsQuery('acme', ['p-2', 'p-9', 'p-1', 'p-2', 'nope']),
    );

    expect(reply.prompts.map((p) => p.id)).toEqual(['p-2', 'p-1']);
    expect(reply.missing).toEqual(['p-9', 'nope']);
  });
});
