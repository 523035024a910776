import { uniqueSuffix } from '@tp/stack-harness';
import { seedTimedPresenceTenant } from '../../libs/stack-harness/src/seed-tenant';
import {
  eventually,
  shownText,
  signInThroughProvider,
  signInWithLink,
  type ConsoleStack,
} from '../support/console';
import { sharedConsoleStack } from './shared-console-stack';

/**
 * Tenants in one console: an admin sees their own tenant's users, prompts, flows and mappings and
 * nothing of another's; a credential signed with another key, or an expired one, gets the sign-in
 * page and no data.
 */
const owner = `iso-a-${uniqueSuffix()}`;
const other = `iso-b-${uniqueSuffix()}`;
const AGENT = { name: 'Ana Owner', email: 'ana@iso-a.example', phone: '+15550301001' };
const CONTACT_POINT = '+15550301000';

describe('the console keeps tenants apart and refuses credentials it cannot trust', () => {
  let consoleStack: ConsoleStack;

  beforeAll(async () => {
    consoleStack = await sharedConsoleStack([
      { id: 'bea', tenant: other, roles: ['admin'], name: 'Bea Other' },
    ]);
    await consoleStack.createTenant(owner, 'Owner Telecom');
    await consoleStack.createTenant(other, 'Other Telecom');
    await seedTimedPresenceTenant(consoleStack.stack.urls, {
      token: consoleStack.credential(owner),
      platformToken: consoleStack.stack.platformToken(),
      contactPoint: CONTACT_POINT,
      agents: [{ name: AGENT.name, email: AGENT.email, phone: AGENT.phone }],
      flowName: 'Owner login line',
    });
  }, 180_000);

  /** The pages holding a tenant's data, with what each shows when the tenant has none. */
  const PAGES = [
    { path: '/users', empty: 'No users yet', owned: AGENT.name },
    { path: '/media', empty: 'No prompts yet', owned: 'Timed presence: welcome' },
    { path: '/flows', empty: 'No flows yet', owned: 'Owner login line' },
    { path: '/dispatch-mappings', empty: 'No dispatch mappings yet', owned: CONTACT_POINT },
  ] as const;

  it('shows the owner their users, prompts, flows and mappings', async () => {
    const page = await consoleStack.newPage();
    await signInWithLink(page, consoleStack.url, consoleStack.credential(owner));
    for (const { path, owned } of PAGES) {
      await page.goto(`${consoleStack.url}${path}`);
      await eventually(async () => expect(await shownText(page.getByRole('main'))).toContain(owned));
    }
    await page.context().close();
  });

  it('shows another tenant’s admin, signed in through the provider, none of it', async () => {
    const page = await consoleStack.newPage();
    await signInThroughProvider(page, consoleStack.url, 'bea');
    await page.getByRole('banner').getByText('Other Telecom').waitFor();
    for (const { path, empty, owned } of PAGES) {
      await page.goto(`${consoleStack.url}${path}`);
      await page.getByText(empty).waitFor();
      expect(await shownText(page.getByRole('main'))).not.toContain(owned);
    }
    // Nor by asking for the owner's user directly, by id.
    const [agent] = (await consoleStack.api<{ items: { id: string }[] }>('identity', '/v1/users', owner))
      .items;
    await page.goto(`${consoleStack.url}/users?user=${agent.id}`);
    await page.getByText('The user could not be loaded').waitFor();
    expect(await shownText(page.locator('body'))).not.toContain(AGENT.email);
    await page.context().close();
  });

  it('gives a credential signed with another key the sign-in page, not data', async () => {
    const page = await consoleStack.newPage();
    await page.goto(`${consoleStack.url}/signin#credential=${consoleStack.forgedCredential(owner)}`);
    // The console cannot check a signature itself; the first API call (401) brings the sign-in back.
    await page.getByRole('dialog', { name: 'Your sign-in has expired' }).waitFor();
    expect(await page.getByRole('table', { name: 'Users' }).count()).toBe(0);
    expect(await shownText(page.locator('body'))).not.toContain(AGENT.name);
    await page.getByRole('button', { name: 'Sign out instead' }).click();
    await page.waitForURL((u) => u.pathname === '/signin');
    await page.getByRole('heading', { name: 'Timed Presence console' }).waitFor();
    await page.context().close();
  });

  it('gives an expired credential the sign-in page, not data', async () => {
    const page = await consoleStack.newPage();
    await page.goto(`${consoleStack.url}/signin#credential=${consoleStack.credential(owner, -60)}`);
    await page.getByRole('alert').filter({ hasText: 'not valid (or it has expired)' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(new URL(page.url()).hash).toBe('');
    // Going to a page anyway leads back to the sign-in page.
    await page.goto(`${consoleStack.url}/users`);
    await page.waitForURL((u) => u.pathname === '/signin');
    expect(await shownText(page.locator('body'))).not.toContain(AGENT.name);
    await page.context().close();
  });

  it('has every app refuse a provider-shaped token signed with a key the provider never published', async () => {
    const forged = await consoleStack.provider.forgeAccessToken('bea');
    for (const path of ['/api/identity/v1/users', '/api/media/v1/prompts', '/api/flow-runtime/v1/flows']) {
      const response = await fetch(`${consoleStack.url}${path}`, {
        headers: { authorization: `Bearer ${forged}` },
      });
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
    }
  });
});
