import { uniqueSuffix } from '@tp/stack-harness';
import type { Page } from 'playwright-core';
import { seedTimedPresenceTenant, type SeededTenant } from '../../libs/stack-harness/src/seed-tenant';
import { seriousAccessibilityViolations } from '../support/browser';
import { eventually, shownText, signInWithLink, type ConsoleStack } from '../support/console';
import { sharedConsoleStack } from './shared-console-stack';

/**
 * axe-core (WCAG 2.1 A and AA rules) on every page of the console with data on it, and the user
 * form used with the keyboard alone: Tab, Shift+Tab, Enter and Space, and typing.
 */
const tenant = `a11y-${uniqueSuffix()}`;
/** The focused element's accessible name, near enough: aria-label, aria-labelledby, its label, its text. */
const FOCUSED_NAME = `(() => {
  const el = document.activeElement;
  if (!el) return '';
  const labelledBy = el.getAttribute('aria-labelledby');
  const name =
    el.getAttribute('aria-label') ??
    (labelledBy ? document.getElementById(labelledBy)?.textContent : null) ??
    el.labels?.[0]?.textContent ??
    el.textContent ??
    '';
  return name.replace(/\\s+/g, ' ').trim();
})()`;
const AGENT = { name: 'Kay Access', email: 'kay@a11y.example', phone: '+15550501001' };

describe('accessibility: axe on every page, the user form by keyboard alone', () => {
  let consoleStack: ConsoleStack;
  let seeded: SeededTenant;
  let page: Page;

  beforeAll(async () => {
    consoleStack = await sharedConsoleStack([]);
    await consoleStack.createTenant(tenant, 'Access Telecom');
    seeded = await seedTimedPresenceTenant(consoleStack.stack.urls, {
      token: consoleStack.credential(tenant),
      platformToken: consoleStack.stack.platformToken(),
      contactPoint: '+15550501000',
      agents: [{ name: AGENT.name, email: AGENT.email, phone: AGENT.phone, timeZone: 'America/Chicago' }],
    });
    const online = await fetch(
      `${consoleStack.stack.urls.presence}/v1/presence/agents/${seeded.agents[0].id}/online`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${consoleStack.credential(tenant)}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ hours: 8 }),
      },
    );
    expect(online.status).toBeLessThan(300);
    page = await consoleStack.newPage();
  }, 180_000);

  const go = (path: string) => page.goto(`${consoleStack.url}${path}`);

  it('the sign-in page has no serious or critical violation', async () => {
    const signedOut = await consoleStack.newPage();
    await signedOut.goto(`${consoleStack.url}/signin`);
    await signedOut.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await seriousAccessibilityViolations(signedOut)).toEqual([]);
    await signedOut.context().close();
  });

  it.each([
    ['/users', AGENT.name],
    ['/media', 'Timed presence: welcome'],
    ['/flows', 'Timed Presence'],
    ['/dispatch-mappings', '+15550501000'],
    ['/presence', AGENT.name],
    ['/sessions', AGENT.name],
    ['/settings', 'Twilio account'],
  ])('%s, with its data, has no serious or critical violation', async (path, shows) => {
    if (page.url() === 'about:blank')
      await signInWithLink(page, consoleStack.url, consoleStack.credential(tenant));
    await go(path);
    await eventually(async () => expect(await shownText(page.getByRole('main'))).toContain(shows));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('a flow’s page and a user’s panel have no serious or critical violation', async () => {
    await go(`/flows/${seeded.flowId}`);
    await page.getByRole('form', { name: 'Timed Presence activity' }).waitFor();
    await eventually(async () =>
      expect(await page.getByRole('combobox', { name: 'Welcome Media' }).inputValue()).toBe(
        'Timed presence: welcome',
      ),
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await go(`/users?user=${seeded.agents[0].id}`);
    await page.getByRole('table', { name: 'Configured extensions' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  /** Presses Tab (or Shift+Tab) until the focused element's accessible name starts with `name`. */
  async function tabTo(name: string, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
    const seen: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press(key);
      const focused = await page.evaluate<string>(FOCUSED_NAME);
      seen.push(focused);
      if (focused.startsWith(name)) return;
    }
    throw new Error(`${key} never reached "${name}"; focus went: ${seen.join(' | ')}`);
  }

  it('creates a user and adds their extension with the keyboard alone', async () => {
    await go('/users');
    await page.getByRole('table', { name: 'Users' }).waitFor();

    await tabTo('Create user');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Create user' }).waitFor();
    await tabTo('Name');
    await page.keyboard.type('Kim Keys');
    await tabTo('Email');
    await page.keyboard.type('kim@a11y.example');
    await tabTo('Name', 'Shift+Tab'); // back up, and the name is still there
    expect(await page.evaluate<string>('document.activeElement.value')).toBe('Kim Keys');
    await tabTo('Create user');
    await page.keyboard.press('Enter');

    const panel = page.getByRole('dialog', { name: 'Kim Keys' });
    await panel.getByRole('form', { name: 'Add an extension' }).waitFor();
    await tabTo('Enter Extension');
    await page.keyboard.type('+1 (555) 050-1002');
    await tabTo('Add extension');
    await page.keyboard.press('Space');
    await eventually(async () =>
      expect(await shownText(panel.getByRole('table', { name: 'Configured extensions' }))).toContain(
        '+15550501002',
      ),
    );

    const users = await consoleStack.api<{
      items: { name: string; email: string; extensions: { number: string }[] }[];
    }>('identity', '/v1/users?number=%2B15550501002', tenant);
    expect(users.items).toEqual([
      expect.objectContaining({
        name: 'Kim Keys',
        email: 'kim@a11y.example',
        extensions: [expect.objectContaining({ number: '+15550501002' })],
      }),
    ]);
  });
});
