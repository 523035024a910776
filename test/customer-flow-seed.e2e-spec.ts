import { uniqueSuffix } from '@tp/testing/integration';
import { CUSTOMER_PROMPT_TEXTS, seedTimedPresenceTenant } from '../libs/testing/src/stack/seed-tenant';
import { startTestStack, type TestStack } from './support/stack';

/**
 * The seed of a customer flow through the real admin APIs of media, flow-runtime and
 * dispatch: what the routing end-to-end tests start from.
 */
const tenant = `customer-seed-${uniqueSuffix()}`;
const LOGIN = '+15550300100';
const CUSTOMERS = '+15550300200';

describe('seeding a customer flow next to the login flow', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack('customer_seed');
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const get = async <T>(url: string): Promise<T> => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${stack.token(tenant)}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  it('publishes Entry -> Play Prompt -> Queue -> Exit with its prompts and maps the second number, idempotently', async () => {
    const seed = {
      token: stack.token(tenant),
      platformToken: stack.platformToken(),
      contactPoint: LOGIN,
      agents: [{ name: 'Ann', email: 'ann@seed.example', phone: '+15550300301', skills: ['Support'] }],
      customer: { contactPoint: CUSTOMERS, requiredSkills: ['Support'], maxWaitSeconds: 30 },
    };
    const seeded = await seedTimedPresenceTenant(stack.urls, seed);
    const customer = seeded.customer!;

    const flow = await get<{ publishedVersion: number; type: string }>(
      `${stack.urls.flowRuntime}/v1/flows/${customer.flowId}`,
    );
    const version = await get<{ graph: { nodes: { id: string; kind: string; params?: unknown }[] } }>(
      `${stack.urls.flowRuntime}/v1/flows/${customer.flowId}/versions/${flow.publishedVersion}`,
    );
    const mappings = await get<{ items: { id: string; phoneNumber: string; flowId: string }[] }>(
      `${stack.urls.dispatch}/v1/dispatch-mappings?limit=200`,
    );
    const hold = await get<{ content: { text: string } }>(
      `${stack.urls.media}/v1/prompts/${customer.promptIds.hold}`,
    );

    expect(flow.publishedVersion).toBe(1);
    expect(version.graph.nodes.map((n) => n.kind)).toEqual([
      'entry',
      'play-prompt',
      'queue',
      'play-prompt',
      'exit',
    ]);
    expect(version.graph.nodes[2].params).toMatchObject({
      name: 'Support',
      requiredSkills: ['Support'],
      maxWaitSeconds: 30,
      holdPromptId: customer.promptIds.hold,
      noAgentPromptId: customer.promptIds.noAgent,
    });
    expect(hold.content.text).toBe(CUSTOMER_PROMPT_TEXTS.hold);
    expect(mappings.items.map((m) => [m.phoneNumber, m.flowId]).sort()).toEqual(
      [
        [LOGIN, seeded.flowId],
        [CUSTOMERS, customer.flowId],
      ].sort(),
    );

    const again = await seedTimedPresenceTenant(stack.urls, seed);
    expect(again).toEqual(seeded);
  }, 60_000);
});
