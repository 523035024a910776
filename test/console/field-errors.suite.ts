import { uniqueSuffix } from '@tp/stack-harness';
import type { Locator, Page } from 'playwright-core';
import { seedTimedPresenceTenant, type SeededTenant } from '../../libs/stack-harness/src/seed-tenant';
import { eventually, shownText, signInWithLink, type ConsoleStack } from '../support/console';
import { sharedConsoleStack } from './shared-console-stack';

/**
 * Every form of the console, given one field the API refuses (each passes the page's own checks, so
 * the reason, in the API's words, can only come from the API): the reason appears next to that
 * field, and the API shows that nothing was written.
 */
const tenant = `fields-${uniqueSuffix()}`;
const CONTACT_POINT = '+15550401000';
const AGENT = { name: 'Fay Fields', email: 'fay@fields.example', phone: '+15550401001' };

/** The error Mantine shows under an input, found as assistive technology finds it (aria-describedby). */
async function errorOf(input: Locator): Promise<string> {
  expect(await input.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await input.getAttribute('aria-describedby')) ?? '')
    .split(/\s+/)
    .filter((id) => id.endsWith('-error'));
  expect(ids).toHaveLength(1);
  return shownText(input.page().locator(`[id="${ids[0]}"]`));
}

describe('the API’s field errors, inline in every form, with nothing written', () => {
  let consoleStack: ConsoleStack;
  let page: Page;
  let seeded: SeededTenant;
  let draftFlowId: string;

  beforeAll(async () => {
    consoleStack = await sharedConsoleStack([]);
    await consoleStack.createTenant(tenant, 'Fields Telecom');
    seeded = await seedTimedPresenceTenant(consoleStack.stack.urls, {
      token: consoleStack.credential(tenant),
      platformToken: consoleStack.stack.platformToken(),
      contactPoint: CONTACT_POINT,
      agents: [{ name: AGENT.name, email: AGENT.email, phone: AGENT.phone }],
    });
    const created = await fetch(`${consoleStack.stack.urls.flowRuntime}/v1/flows`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${consoleStack.credential(tenant)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'Draft only', type: 'customer' }),
    });
    draftFlowId = ((await created.json()) as { id: string }).id;
    page = await consoleStack.newPage();
    await signInWithLink(page, consoleStack.url, consoleStack.credential(tenant));
  }, 180_000);

  const go = (path: string) => page.goto(`${consoleStack.url}${path}`);
  const api = <T>(app: Parameters<ConsoleStack['api']>[0], path: string) =>
    consoleStack.api<T>(app, path, tenant);

  it('Users: an extension that is not a telephone number', async () => {
    const agent = seeded.agents[0];
    await go(`/users?user=${agent.id}`);
    const form = page.getByRole('form', { name: 'Add an extension' });
    const number = form.getByLabel('Enter Extension');
    await number.fill('+1-234');
    await form.getByRole('button', { name: 'Add extension' }).click();

    await eventually(async () => expect(await errorOf(number)).toMatch(/telephone number|too short/i));
    const user = await api<{ extensions: { number: string }[] }>('identity', `/v1/users/${agent.id}`);
    expect(user.extensions.map((e) => e.number)).toEqual([AGENT.phone]);
  });

  it('Media: an audio URL carrying a user name and password', async () => {
    await go('/media');
    await page.getByRole('button', { name: 'Create prompt' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create prompt' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Hold music');
    await dialog.getByText('Audio file URL').click();
    const url = dialog.getByLabel('Audio URL');
    await url.fill('https://user:secret@media.example/hold.mp3');
    await dialog.getByRole('button', { name: 'Create prompt' }).click();

    await eventually(async () => expect(await errorOf(url)).toBe('Must not carry a user name or password'));
    const prompts = await api<{ items: { name: string }[] }>('media', '/v1/prompts?limit=200');
    expect(prompts.items.map((p) => p.name)).not.toContain('Hold music');
  });

  it('Flows: a flow name longer than the API allows (a draft version keeps its problems, so a new flow is the form the API refuses)', async () => {
    await go('/flows');
    await page.getByRole('button', { name: 'Create' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create flow' });
    const name = dialog.getByRole('textbox', { name: /^Name/ });
    await name.fill('Timed Presence '.repeat(7));
    await dialog.getByRole('button', { name: 'Submit' }).click();

    await eventually(async () => expect(await errorOf(name)).toMatch(/100/));
    const flows = await api<{ items: { id: string }[] }>('flow-runtime', '/v1/flows?limit=200');
    expect(flows.items.map((f) => f.id).sort()).toEqual([seeded.flowId, draftFlowId].sort());
  });

  it('Dispatch Mappings: a phone number without its country code', async () => {
    await go('/dispatch-mappings');
    await page.getByRole('button', { name: 'Create' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create dispatch mapping' });
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('Second line');
    const phone = dialog.getByLabel('Phone Number');
    await phone.fill('555-0101');
    await dialog.getByLabel('Dispatch to flow').click();
    await page.getByRole('option', { name: 'Timed Presence', exact: true }).click();
    await dialog.getByRole('button', { name: 'Submit' }).click();

    await eventually(async () => expect(await errorOf(phone)).toMatch(/country code|telephone number/i));
    const mappings = await api<{ items: { name: string }[] }>('dispatch', '/v1/dispatch-mappings');
    expect(mappings.items.map((m) => m.name)).toEqual([expect.not.stringMatching('Second line')]);
  });

  it('Settings: an Account SID of the wrong shape (upper-case hex)', async () => {
    await go('/settings');
    const sid = page.getByLabel('Account SID');
    await sid.fill(`AC${'0123456789ABCDEF'.repeat(2)}`);
    await page.getByLabel('Auth Token').fill('0123456789abcdef'.repeat(2));
    await page.getByRole('region', { name: 'Twilio account' }).getByRole('button', { name: 'Save' }).click();

    await eventually(async () => expect(await errorOf(sid)).toBe('Must be AC followed by 32 hex digits'));
    const account = await api<{ configured: boolean }>('dispatch', '/v1/twilio-account');
    expect(account.configured).toBe(false);
  });
});
