import { uniqueSuffix } from '@tp/stack-harness';
import type { Page } from 'playwright-core';
import { eventually, shownText, signInWithLink, type ConsoleStack } from '../support/console';
import { sharedConsoleStack } from './shared-console-stack';
import { adminCall, choose, connectNodes, dropFromPalette, edgesOn, nodeOn } from '../support/designer';

/**
 * A customer flow built on the designer's canvas: Entry -> Play Prompt -> Queue (a skill) -> Exit.
 * While the Exit is not connected, flow-runtime's check marks it on the node (before anything is
 * published); Delete and Ctrl+Z remove it and bring it back; connected, the problem goes and it publishes.
 */
const tenant = `custdesign-${uniqueSuffix()}`;

interface Version {
  graph: {
    nodes: { id: string; kind: string; params?: Record<string, unknown> }[];
    edges: { from: string; to: string; branch?: string }[];
  };
  published: boolean;
}

describe('the flow designer: a customer flow, with a problem shown on its node before publishing', () => {
  let consoleStack: ConsoleStack;
  let page: Page;
  let flowId: string;
  let welcome: string;

  beforeAll(async () => {
    consoleStack = await sharedConsoleStack([]);
    await consoleStack.createTenant(tenant, 'Support Telecom');
    const token = consoleStack.credential(tenant);
    const { urls } = consoleStack.stack;
    const starter = await adminCall<{ prompts: { role: string; prompt: { name: string } }[] }>(
      `${urls.media}/v1/prompts/starter-set`,
      token,
      'POST',
      {},
    );
    welcome = starter.prompts.find((p) => p.role === 'welcome')!.prompt.name;
    flowId = (
      await adminCall<{ id: string }>(`${urls.flowRuntime}/v1/flows`, token, 'POST', { name: 'Support line' })
    ).id;
    page = await consoleStack.newPage({ viewport: { width: 1920, height: 1080 } });
    await signInWithLink(page, consoleStack.url, token);
  }, 180_000);

  afterAll(async () => {
    await page?.context().close();
  });

  const problemsOf = (id: string) => page.getByTestId(`problems-${id}`);

  it('builds Entry -> Play Prompt -> Queue with the mouse and fills their panels', async () => {
    await page.goto(`${consoleStack.url}/flows/${flowId}/designer`);
    await dropFromPalette(page, 'Entry', 0.12, 0.25);
    await dropFromPalette(page, 'Play Prompt', 0.37, 0.25);
    await dropFromPalette(page, 'Queue', 0.62, 0.25);
    await nodeOn(page, 'queue').waitFor();
    await connectNodes(page, 'entry', 'play-prompt');
    await connectNodes(page, 'play-prompt', 'queue');

    await nodeOn(page, 'play-prompt').click();
    await choose(page.getByRole('region', { name: 'Settings of play-prompt' }), 'Prompt', welcome);
    await nodeOn(page, 'queue').click();
    const queue = page.getByRole('region', { name: 'Settings of queue' });
    await queue.getByRole('textbox', { name: 'Queue name' }).fill('Support');
    await queue.getByLabel('Required skills').fill('spanish');
    await queue.getByLabel('Required skills').press('Enter');
    await queue.getByRole('textbox', { name: 'Priority' }).fill('5');
    await queue.getByRole('textbox', { name: 'Maximum wait (seconds)' }).fill('120');
    await choose(queue, 'Hold prompt', welcome);

    await eventually(async () =>
      expect(await edgesOn(page)).toEqual(['entry:next->play-prompt', 'play-prompt:next->queue']),
    );
    await eventually(async () => expect(await problemsOf('play-prompt').count()).toBe(0));
    // No Exit yet: the problem is the flow's, shown above the panel.
    await eventually(async () =>
      expect(
        await shownText(page.getByRole('alert').filter({ hasText: 'Before it can be published' })),
      ).toContain('a flow needs at least one Exit'),
    );
  });

  it('marks an Exit that nothing leads to on the node, before anything is published', async () => {
    await dropFromPalette(page, 'Exit', 0.87, 0.55);

    await eventually(async () =>
      expect(await shownText(problemsOf('exit'))).toContain('no path from the Entry reaches "exit"'),
    );
    await eventually(async () =>
      expect(await shownText(problemsOf('queue'))).toContain('nothing follows "queue"'),
    );
    await expect(
      nodeOn(page, 'exit')
        .getByRole('group', { name: /Exit node, has problems/ })
        .count(),
    ).resolves.toBe(1);
    const flow = await consoleStack.api<{ latestVersion: number; publishedVersion: number | null }>(
      'flow-runtime',
      `/v1/flows/${flowId}`,
      tenant,
    );
    expect(flow).toEqual(expect.objectContaining({ latestVersion: 0, publishedVersion: null }));
  });

  it('deletes the Exit with the Delete key and brings it back with Ctrl+Z', async () => {
    await nodeOn(page, 'exit').click();
    await page.keyboard.press('Delete');
    await eventually(async () => expect(await nodeOn(page, 'exit').count()).toBe(0));

    await page.keyboard.press('Control+z');
    await nodeOn(page, 'exit').waitFor();
  });

  it('connects both ways out of the Queue to the Exit: the problems go, and it publishes', async () => {
    await connectNodes(page, 'queue', 'exit', 'answered');
    await connectNodes(page, 'queue', 'exit', 'timeout');

    await eventually(async () =>
      expect(await shownText(page.getByTestId('check-summary'))).toBe('Ready to publish'),
    );
    expect(await problemsOf('exit').count()).toBe(0);
    expect(await problemsOf('queue').count()).toBe(0);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published: version 1').waitFor();

    const published = await consoleStack.api<Version>(
      'flow-runtime',
      `/v1/flows/${flowId}/versions/1`,
      tenant,
    );
    expect(published.published).toBe(true);
    expect(published.graph.nodes.find((n) => n.kind === 'queue')?.params).toEqual(
      expect.objectContaining({
        name: 'Support',
        requiredSkills: ['spanish'],
        priority: 5,
        maxWaitSeconds: 120,
      }),
    );
    expect(published.graph.edges).toEqual(
      expect.arrayContaining([
        { from: 'queue', to: 'exit', branch: 'answered' },
        { from: 'queue', to: 'exit', branch: 'timeout' },
      ]),
    );
  });

  it('lays out a version saved without positions (as the API or the form saves them) when it is opened', async () => {
    const token = consoleStack.credential(tenant);
    const { urls } = consoleStack.stack;
    const bare = await adminCall<{ id: string }>(`${urls.flowRuntime}/v1/flows`, token, 'POST', {
      name: 'Saved by the API',
    });
    await adminCall(`${urls.flowRuntime}/v1/flows/${bare.id}/versions`, token, 'POST', {
      nodes: [
        { id: 'entry', kind: 'entry' },
        { id: 'queue', kind: 'queue', params: { name: 'Support' } },
        { id: 'exit', kind: 'exit' },
      ],
      edges: [
        { from: 'entry', to: 'queue' },
        { from: 'queue', to: 'exit', branch: 'answered' },
        { from: 'queue', to: 'exit', branch: 'timeout' },
      ],
    });

    await page.goto(`${consoleStack.url}/flows/${bare.id}/designer`);
    await nodeOn(page, 'exit').waitFor();

    const left = async (id: string) => (await nodeOn(page, id).boundingBox())!.x;
    const [entry, queue, exit] = [await left('entry'), await left('queue'), await left('exit')];
    expect(queue).toBeGreaterThan(entry + 100);
    expect(exit).toBeGreaterThan(queue + 100);
  });
});
