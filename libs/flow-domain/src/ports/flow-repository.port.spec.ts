import { InMemoryFlowRepository, loginGraph, timedPresenceParams } from '@tp/fakes';
import { Flow, FlowRepository } from '../index';

const T0 = new Date('2026-03-02T09:00:00.000Z');

// The contract every FlowRepository keeps, run here against the in-memory fake.
describe(FlowRepository.name, () => {
  let flows: InMemoryFlowRepository;

  beforeEach(() => {
    flows = new InMemoryFlowRepository();
  });

  const created = async (name: string, tenantId = 'acme') => {
    const flow = Flow.create({ id: flows.nextId(), tenantId, name }, T0);
    await flows.save(flow);
    return flow;
  };

  it('gives back what was saved, versions included, and nothing to another tenant', async () => {
    const flow = await created('Login');
    const version = flow.addVersion(loginGraph(), T0);
    flow.publish(version, T0);
    await flows.save(flow);

    const found = await flows.find('acme', flow.id);

    expect(found?.toSnapshot()).toEqual(flow.toSnapshot());
    expect([
      found?.name,
      found?.type,
      found?.publishedVersion,
      found?.publishedAt,
      found?.createdAt,
      found?.updatedAt,
    ]).toEqual(['Login', 'customer', 1, T0, T0, T0]);
    expect((await flows.findVersion('acme', flow.id, 1))?.graph).toEqual(loginGraph());
    await expect(flows.find('globex', flow.id)).resolves.toBeNull();
    await expect(flows.findVersion('globex', flow.id, 1)).resolves.toBeNull();
  });

  it('refuses a save over a change it did not see', async () => {
    const flow = await created('Login');
    const first = (await flows.find('acme', flow.id))!;
    const second = (await flows.find('acme', flow.id))!;
    first.addVersion(loginGraph(), T0);
    second.addVersion(loginGraph(), T0);
    await flows.save(first);

    await expect(flows.save(second)).rejects.toMatchObject({ code: 'FLOW.CHANGED_CONCURRENTLY' });
  });

  it('keeps names unique per tenant, ignoring case', async () => {
    await created('Login');

    await expect(created(' LOGIN ')).rejects.toMatchObject({ code: 'FLOW.NAME_TAKEN' });
    await expect(created('login', 'globex')).resolves.toBeInstanceOf(Flow);
  });

  it("lists a tenant's flows by name, a page at a time", async () => {
    for (const name of ['b', 'C', 'a']) await created(name);
    await created('z', 'globex');

    const page = await flows.list('acme', { limit: 2, offset: 1 });

    expect([page.items.map((f) => f.name), page.total]).toEqual([['b', 'C'], 3]);
  });

  it('finds the published flows that play a prompt, not drafts', async () => {
    const published = await created('Published');
    published.publish(published.addVersion(loginGraph(), T0), T0);
    await flows.save(published);
    const draft = await created('Draft');
    draft.addVersion(loginGraph(), T0);
    await flows.save(draft);
    const other = await created('Other prompts');
    other.publish(
      other.addVersion(
        loginGraph(
          timedPresenceParams({ prompts: { ...(timedPresenceParams().prompts as object), welcome: 'p-hi' } }),
        ),
        T0,
      ),
      T0,
    );
    await flows.save(other);

    await expect(flows.findPublishedUsingPrompts('acme', ['p-online', 'p-nobody'])).resolves.toEqual([
      { flowId: published.id, name: 'Published', version: 1 },
      { flowId: other.id, name: 'Other prompts', version: 1 },
    ]);
    await expect(flows.findPublishedUsingPrompts('acme', ['p-hi'])).resolves.toEqual([
      { flowId: other.id, name: 'Other prompts', version: 1 },
    ]);
    await expect(flows.findPublishedUsingPrompts('globex', ['p-online'])).resolves.toEqual([]);
  });
});
