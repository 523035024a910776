import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PresenceView } from '@tp/contracts';
import { uniqueSuffix } from '@tp/stack-harness';
import type { Page } from 'playwright-core';
import { repositoryRoot } from '../../libs/stack-harness/src/stack';
import { eventually, shownText, signInThroughProvider, type ConsoleStack } from '../support/console';
import { sharedConsoleStack } from './shared-console-stack';

/**
 * The vendor page's walkthrough, done by a tenant admin in a real browser against the whole stack:
 * from an empty tenant, signed in through the OpenID provider, add a user with a PSTN extension, the
 * seven prompts, a Timed Presence flow version (published) and the dispatch mapping; then the agent
 * calls in (the call simulator, signing as Twilio does) and goes online for 8 hours, and the
 * Presence page says until when, in the admin's time zone. Screenshots of each page are written to
 * docs/console/ on the way (the README shows them).
 */
const tenant = `walk-${uniqueSuffix()}`;
const ADMIN_ZONE = 'Asia/Kolkata'; // half-hour offset: a time shown in the wrong zone cannot pass
const CONTACT_POINT = '+15550100100';
const AGENT = {
  name: 'John Smith',
  email: 'john.smith@walk.example',
  typed: '+1-234-567-8910',
  e164: '+12345678910',
};
const SHOTS = join(repositoryRoot(), 'docs', 'console');

describe('the console walkthrough: an empty tenant to an agent online by phone', () => {
  let consoleStack: ConsoleStack;
  let page: Page;

  beforeAll(async () => {
    consoleStack = await sharedConsoleStack([
      { id: 'ada', tenant, roles: ['admin'], name: 'Ada Admin', email: 'ada@walk.example' },
    ]);
    await consoleStack.createTenant(tenant, 'Walkthrough Telecom');
    await consoleStack.assignContactPoint(CONTACT_POINT, tenant);
    page = await consoleStack.newPage({ timezoneId: ADMIN_ZONE });
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  const go = (path: string) => page.goto(`${consoleStack.url}${path}`);
  const shoot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

  it('signs the admin in through the OpenID provider, showing the tenant and who signed in', async () => {
    await go('/signin');
    await shoot('signin');
    await signInThroughProvider(page, consoleStack.url, 'ada');

    await page.getByRole('banner').getByText('Walkthrough Telecom').waitFor();
    await page.getByText('No users yet').waitFor();
  });

  it('adds a user with the PSTN extension typed +1-234-567-8910, listed as +12345678910', async () => {
    await page.getByRole('button', { name: 'Create user' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create user' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill(AGENT.name);
    await dialog.getByRole('textbox', { name: /^Email/ }).fill(AGENT.email);
    await dialog.getByRole('button', { name: 'Create user' }).click();

    const panel = page.getByRole('dialog', { name: AGENT.name });
    const extensions = panel.getByRole('form', { name: 'Add an extension' });
    await eventually(async () =>
      expect(await extensions.getByLabel('Extension Type').inputValue()).toBe('PSTN'),
    );
    await extensions.getByLabel('Enter Extension').fill(AGENT.typed);
    await extensions.getByLabel('Description').fill('John Smith - mobile');
    await extensions.getByRole('button', { name: 'Add extension' }).click();
    await eventually(async () =>
      expect(await shownText(panel.getByRole('table', { name: 'Configured extensions' }))).toContain(
        AGENT.e164,
      ),
    );
    await shoot('user');
    await panel.getByRole('button', { name: 'Close the user panel' }).click();

    const users = page.getByRole('table', { name: 'Users' });
    await eventually(async () =>
      expect(await shownText(users.getByRole('row', { name: new RegExp(AGENT.name) }))).toContain(AGENT.e164),
    );
    const listed = await consoleStack.api<{ items: { name: string; extensions: { number: string }[] }[] }>(
      'identity',
      '/v1/users',
      tenant,
    );
    expect(listed.items).toEqual([
      expect.objectContaining({
        name: AGENT.name,
        extensions: [expect.objectContaining({ number: AGENT.e164 })],
      }),
    ]);
  });

  it("creates the eleven prompts of the starter set (the vendor page's seven, the until-a-time pair, the break's two) in one click", async () => {
    await go('/media');
    await page.getByRole('button', { name: 'Add the starter set of eleven' }).click();
    const prompts = page.getByRole('table', { name: 'Prompts' });
    await eventually(async () => expect(await prompts.getByRole('row').count()).toBe(1 + 11));
    const stored = await consoleStack.api<{ items: { role: string | null }[] }>(
      'media',
      '/v1/prompts',
      tenant,
    );
    expect(stored.items.map((p) => p.role).sort()).toEqual(
      [
        'break-not-online',
        'break-started',
        'custom-hours',
        'invalid-input',
        'offline',
        'online',
        'preset-hours',
        'resource-lookup-error',
        'welcome',
        'until-time',
        'until-time-confirm',
      ].sort(),
    );
  });

  it('creates a Timed Presence flow, saves version 1 through the form and publishes it', async () => {
    await go('/flows');
    await page.getByRole('button', { name: 'Create' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create flow' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Timed Presence');
    await dialog.getByRole('button', { name: 'Submit' }).click();

    await page.waitForURL(/\/flows\/[0-9a-f-]{36}$/);
    const form = page.getByRole('form', { name: 'Timed Presence activity' });
    await eventually(async () =>
      expect(await form.getByRole('combobox', { name: 'Welcome Media' }).inputValue()).toBe(
        'Timed presence: welcome',
      ),
    );
    await form.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByText('Published: version 1').waitFor();
    await shoot('flow');

    const flows = await consoleStack.api<{ items: { name: string; publishedVersion: number | null }[] }>(
      'flow-runtime',
      '/v1/flows',
      tenant,
    );
    expect(flows.items).toEqual([expect.objectContaining({ name: 'Timed Presence', publishedVersion: 1 })]);
  });

  it('maps the contact point agents call to the flow', async () => {
    await go('/dispatch-mappings');
    await page.getByRole('button', { name: 'Create' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create dispatch mapping' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Support - Timed Presence login');
    await dialog.getByLabel('Description').fill('The number agents call to log in and out');
    await dialog.getByLabel('Phone Number').fill(CONTACT_POINT);
    await dialog.getByLabel('Dispatch to flow').click();
    await page.getByRole('option', { name: 'Timed Presence' }).click();
    await dialog.getByRole('button', { name: 'Submit' }).click();

    await eventually(async () =>
      expect(await shownText(page.getByRole('table', { name: 'Dispatch mappings' }))).toContain(
        CONTACT_POINT,
      ),
    );
    const mappings = await consoleStack.api<{ items: { phoneNumber: string; active: boolean }[] }>(
      'dispatch',
      '/v1/dispatch-mappings',
      tenant,
    );
    expect(mappings.items).toEqual([expect.objectContaining({ phoneNumber: CONTACT_POINT, active: true })]);
  });

  it('logs the agent in by phone (key 1: 8 hours); Presence shows them online until then, in the admin’s zone', async () => {
    const before = Date.now();
    const call = await consoleStack.stack.simulator().dial({ from: AGENT.e164, to: CONTACT_POINT });
    expect(call.gather).not.toBeNull();
    await call.press('1');
    const after = Date.now();
    const userId = (await consoleStack.api<{ items: { id: string }[] }>('identity', '/v1/users', tenant))
      .items[0].id;
    const presence: PresenceView = await consoleStack.stack.presence(tenant, userId);
    expect(presence.state).toBe('online');
    const until = new Date(presence.expiresAt ?? 0).getTime();
    expect(until).toBeGreaterThanOrEqual(before + 8 * 3_600_000 - 1_000);
    expect(until).toBeLessThanOrEqual(after + 8 * 3_600_000 + 1_000);

    await go('/presence');
    const row = page
      .getByRole('table', { name: 'Agents online' })
      .getByRole('row', { name: new RegExp(AGENT.name) });
    // The agent's expiry as the API states it, written out in the admin's (the browser's) zone.
    const shown = new Intl.DateTimeFormat('en-US', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: ADMIN_ZONE,
      timeZoneName: 'short',
    }).format(new Date(until));
    await eventually(async () =>
      expect(await shownText(row.getByTestId('until-admin'))).toBe(shown.replace(/\s+/gu, ' ')),
    );
    await row.getByText('Online', { exact: true }).waitFor();
    await shoot('presence');
  });

  it('shows every page with its data (screenshots for the README)', async () => {
    for (const [path, name, texts] of [
      ['/users', 'users', [AGENT.e164]],
      ['/media', 'media', ['Timed presence: welcome']],
      ['/flows', 'flows', ['Timed Presence']],
      ['/dispatch-mappings', 'dispatch-mappings', [CONTACT_POINT]],
      // Each of its sections loads on its own: the shot waits for all of them.
      ['/settings', 'settings', ['Ada Admin', 'Walkthrough Telecom (', 'Account SID', 'Sender number']],
    ] as const) {
      await go(path);
      await eventually(async () => {
        const shown = await shownText(page.getByRole('main'));
        for (const text of texts) expect(shown).toContain(text);
      });
      await shoot(name);
    }
  });
});
