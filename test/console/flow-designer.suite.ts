import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PresenceView } from '@tp/contracts';
import { uniqueSuffix } from '@tp/stack-harness';
import type { Page } from 'playwright-core';
import { repositoryRoot } from '../../libs/stack-harness/src/stack';
import { eventually, shownText, signInWithLink, type ConsoleStack } from '../support/console';
import { sharedConsoleStack } from './shared-console-stack';
import { adminCall, choose, connectNodes, dropFromPalette, edgesOn, nodeOn } from '../support/designer';

/**
 * The vendor's flow, built on the designer's canvas with the mouse: "Add the Entry event. Add a
 * Timed Presence activity and connect the Entry event to it. Add an Exit event and connect the Timed
 * Presence activity to it." Then its panel (four presets, seven prompts), publishing, the number
 * mapped to it on the Dispatch Mappings page, and an agent logging in by phone through it.
 */
const tenant = `design-${uniqueSuffix()}`;
const CONTACT_POINT = '+15550100177';
const AGENT = { name: 'Jane Doe', email: 'jane@design.example', phone: '+12345678977' };
const PRESETS = ['2', '4', '6', '12'];
const ROLE_LABELS = [
  'Welcome Media',
  'Resource Lookup Error Media',
  'Preset Hours Media',
  'Custom Hours Collect Digits Media',
  'Invalid Input Media',
  'Online Media',
  'Offline Media',
];
const SHOTS = join(repositoryRoot(), 'docs', 'console');

interface Version {
  graph: { nodes: { id: string; kind: string; params?: Record<string, unknown>; position?: unknown }[] };
  published: boolean;
}

describe('the flow designer: the vendor’s Timed Presence flow drawn with the mouse', () => {
  let consoleStack: ConsoleStack;
  let page: Page;
  let flowId: string;
  let promptNames: Record<string, string>;

  beforeAll(async () => {
    consoleStack = await sharedConsoleStack([]);
    await consoleStack.createTenant(tenant, 'Designer Telecom');
    await consoleStack.assignContactPoint(CONTACT_POINT, tenant);
    const token = consoleStack.credential(tenant);
    const { urls } = consoleStack.stack;
    const starter = await adminCall<{ prompts: { role: string; prompt: { name: string } }[] }>(
      `${urls.media}/v1/prompts/starter-set`,
      token,
      'POST',
      {},
    );
    promptNames = Object.fromEntries(starter.prompts.map((p) => [p.role, p.prompt.name]));
    await adminCall(`${urls.identity}/v1/users`, token, 'POST', {
      name: AGENT.name,
      email: AGENT.email,
      extensions: [{ type: 'pstn', number: AGENT.phone, description: 'mobile' }],
    });
    flowId = (
      await adminCall<{ id: string }>(`${urls.flowRuntime}/v1/flows`, token, 'POST', {
        name: 'Designed login',
      })
    ).id;
    page = await consoleStack.newPage({ viewport: { width: 1600, height: 1000 } });
    mkdirSync(SHOTS, { recursive: true });
    await signInWithLink(page, consoleStack.url, token);
  }, 180_000);

  afterAll(async () => {
    await page?.context().close();
  });

  const version = (n: number) =>
    consoleStack.api<Version>('flow-runtime', `/v1/flows/${flowId}/versions/${n}`, tenant);

  it('adds Entry, Timed Presence and Exit from the palette and connects them by dragging between handles', async () => {
    await page.goto(`${consoleStack.url}/flows/${flowId}`);
    await page.getByRole('link', { name: 'Open in the designer' }).click();
    await page.waitForURL(/\/designer/);

    await dropFromPalette(page, 'Entry', 0.15, 0.4);
    await dropFromPalette(page, 'Timed Presence', 0.5, 0.4);
    await dropFromPalette(page, 'Exit', 0.85, 0.4);
    await nodeOn(page, 'exit').waitFor();
    await connectNodes(page, 'entry', 'timed-presence');
    await connectNodes(page, 'timed-presence', 'exit');

    await eventually(async () =>
      expect(await edgesOn(page)).toEqual(['entry:next->timed-presence', 'timed-presence:next->exit']),
    );
    // No prompts chosen yet: flow-runtime's check names them on the node.
    await eventually(async () =>
      expect(await shownText(page.getByTestId('problems-timed-presence'))).toContain('prompts.welcome'),
    );
  });

  it('fills the Timed Presence panel: the four presets and the seven prompts; the problems go', async () => {
    await nodeOn(page, 'timed-presence').click();
    const panel = page.getByRole('region', { name: 'Settings of timed-presence' });
    for (const [i, hours] of PRESETS.entries()) {
      await panel.getByRole('textbox', { name: `Key ${i + 1}: hours` }).fill(hours);
    }
    const roles = [
      'welcome',
      'resource-lookup-error',
      'preset-hours',
      'custom-hours',
      'invalid-input',
      'online',
      'offline',
    ];
    for (const [i, label] of ROLE_LABELS.entries()) await choose(panel, label, promptNames[roles[i]]);

    await eventually(async () =>
      expect(await shownText(page.getByTestId('check-summary'))).toBe('Ready to publish'),
    );
    expect(await page.getByTestId('problems-timed-presence').count()).toBe(0);
    await panel
      .getByRole('button', { name: /^Preview / })
      .first()
      .waitFor();
    await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'flow-designer.png') });
  });

  it('publishes it: version 1 holds the graph, its settings and where each node was drawn', async () => {
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published: version 1').waitFor();

    const saved = await version(1);
    expect(saved.published).toBe(true);
    expect(saved.graph.nodes.map((n) => n.kind)).toEqual(['entry', 'timed-presence', 'exit']);
    expect(saved.graph.nodes.every((n) => n.position !== undefined)).toBe(true);
    const params = saved.graph.nodes[1].params ?? {};
    expect(params.presetHours).toEqual(PRESETS.map(Number));
    expect(Object.keys(params.prompts as object).sort()).toHaveLength(7);
  });

  it('shows the published version read-only; Edit makes version 2, a draft, from it', async () => {
    await expect(page.getByRole('button', { name: 'Add Queue' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Publish', exact: true }).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Edit' }).click();
    await page.waitForURL(/version=2/);
    await page.getByRole('button', { name: 'Publish', exact: true }).waitFor();

    const draft = await version(2);
    expect(draft.published).toBe(false);
    expect(draft.graph).toEqual((await version(1)).graph);
  });

  it('maps the contact point to the flow, and the agent logs in by phone through it (key 1: 2 hours)', async () => {
    await page.goto(`${consoleStack.url}/dispatch-mappings`);
    await page.getByRole('button', { name: 'Create' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create dispatch mapping' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Designed login');
    await dialog.getByLabel('Description').fill('The number agents call to log in and out');
    await dialog.getByLabel('Phone Number').fill(CONTACT_POINT);
    await dialog.getByLabel('Dispatch to flow').click();
    await page.getByRole('option', { name: 'Designed login' }).click();
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await eventually(async () =>
      expect(await shownText(page.getByRole('table', { name: 'Dispatch mappings' }))).toContain(
        CONTACT_POINT,
      ),
    );

    const before = Date.now();
    const call = await consoleStack.stack.simulator().dial({ from: AGENT.phone, to: CONTACT_POINT });
    expect(call.gather).not.toBeNull();
    await call.press('1');
    const after = Date.now();

    const userId = (await consoleStack.api<{ items: { id: string }[] }>('identity', '/v1/users', tenant))
      .items[0].id;
    const presence: PresenceView = await consoleStack.stack.presence(tenant, userId);
    expect(presence.state).toBe('online');
    const until = Date.parse(presence.expiresAt ?? '');
    expect(until).toBeGreaterThanOrEqual(before + 2 * 3_600_000 - 1_000);
    expect(until).toBeLessThanOrEqual(after + 2 * 3_600_000 + 1_000);
  });
});
