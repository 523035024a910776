import { aPrompt, InMemoryPromptRepository } from '@tp/fakes';
import { ListPromptsHandler } from './list-prompts.handler';
import { ListPromptsQuery } from './list-prompts.query';

describe(ListPromptsHandler.name, () => {
  it("pages through the tenant's prompts by name, filtered by role", async () => {
    const prompts = new InMemoryPromptRepository();
    prompts.seed(aPrompt().withId('p-1').named('Offline').withRole('offline').build());
    prompts.seed(aPrompt().withId('p-2').named('Online').withRole('online').build());
    prompts.seed(aPrompt().withId('p-3').named('Jingle').build());
    prompts.seed(aPrompt().withId('p-4').named('Other tenant').forTenant('globex').build());
    const handler = new ListPromptsHandler(prompts);

    const page = await handler.execute(new ListPromptsQuery('acme', 2, 0));
    const online = await handler.execute(new ListPromptsQuery('acme', 50, 0, 'online'));

    expect({ ...page, items: page.items.map((p) => p.name) }).toEqual({
      items: ['Jingle', 'Offline'],
      total: 3,
      limit: 2,
      offset: 0,
    });
    expect(online.items.map((p) => p.id)).toEqual(['p-2']);
  });
});
