import { uniqueSuffix } from '@tp/stack-harness';
import type { Locator, Page } from 'playwright-core';
import { seedTimedPresenceTenant } from '../../libs/stack-harness/src/seed-tenant';
import { eventually, shownText, signInWithLink, type ConsoleStack } from '../support/console';
import { sharedConsoleStack } from './shared-console-stack';

/**
 * The Settings page's text messages (ADR 28): off until the admin switches them on, with the
 * reminder's minutes and a sender chosen from the tenant's own mapped numbers; the page refuses to
 * switch on without a sender, and what it saved is what dispatch's API then holds.
 */
const tenant = `sms-${uniqueSuffix()}`;
const CONTACT_POINT = '+15550801000';
const AGENT = { name: 'Sam Sender', email: 'sam@sms.example', phone: '+15550801001' };
const SWITCH = 'Send text messages around the online window';
const MINUTES = 'Reminder (minutes before the end)';

/** What the state badge says (its text as written: the badge shows it in capitals). */
const stateOf = async (section: Locator) =>
  ((await section.getByTestId('sms-state').textContent()) ?? '').trim();

/** The error Mantine shows under an input, found as assistive technology finds it (aria-describedby). */
async function errorOf(input: Locator): Promise<string> {
  expect(await input.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await input.getAttribute('aria-describedby')) ?? '')
    .split(/\s+/)
    .filter((id) => id.endsWith('-error'));
  expect(ids).toHaveLength(1);
  return shownText(input.page().locator(`[id="${ids[0]}"]`));
}

describe('the console’s text message settings', () => {
  let consoleStack: ConsoleStack;
  let page: Page;

  beforeAll(async () => {
    consoleStack = await sharedConsoleStack([]);
    await consoleStack.createTenant(tenant, 'Sms Telecom');
    await seedTimedPresenceTenant(consoleStack.stack.urls, {
      token: consoleStack.credential(tenant),
      platformToken: consoleStack.stack.platformToken(),
      contactPoint: CONTACT_POINT,
      agents: [AGENT],
    });
    page = await consoleStack.newPage();
    await signInWithLink(page, consoleStack.url, consoleStack.credential(tenant));
  }, 180_000);

  const smsSettings = () =>
    consoleStack.api<{ enabled: boolean; reminderMinutes: number; senderNumber: string | null }>(
      'dispatch',
      '/v1/sms-settings',
      tenant,
    );

  it('are off at first, and cannot be switched on without a sender: nothing is saved', async () => {
    await page.goto(`${consoleStack.url}/settings`);
    const section = page.getByRole('region', { name: 'Text messages' });
    await eventually(async () => expect(await stateOf(section)).toBe('Off'));
    const form = section.getByRole('form', { name: 'Text message settings' });
    expect(await form.getByRole('switch', { name: SWITCH }).isChecked()).toBe(false);
    expect(await form.getByRole('textbox', { name: MINUTES }).inputValue()).toBe('15');

    await form.getByRole('switch', { name: SWITCH }).check();
    await form.getByRole('button', { name: 'Save text message settings' }).click();

    const sender = form.getByRole('combobox', { name: 'Sender number' });
    await eventually(async () =>
      expect(await errorOf(sender)).toBe('Choose the number the messages come from'),
    );
    expect(await smsSettings()).toMatchObject({ enabled: false, senderNumber: null });
  });

  it('switch on from one of the tenant’s mapped numbers, 20 minutes before the end, as the API then holds', async () => {
    const section = page.getByRole('region', { name: 'Text messages' });
    const form = section.getByRole('form', { name: 'Text message settings' });
    expect(await form.getByRole('switch', { name: SWITCH }).isChecked()).toBe(true); // as the first test left it
    await form.getByRole('textbox', { name: MINUTES }).fill('20');
    await form.getByRole('combobox', { name: 'Sender number' }).click();
    await page.getByRole('option', { name: new RegExp(`^\\${CONTACT_POINT} `) }).click();
    await form.getByRole('button', { name: 'Save text message settings' }).click();

    await eventually(async () => expect(await stateOf(section)).toBe(`On: from ${CONTACT_POINT}`));
    expect(await smsSettings()).toMatchObject({
      enabled: true,
      reminderMinutes: 20,
      senderNumber: CONTACT_POINT,
    });

    await page.reload();
    await eventually(async () =>
      expect(await form.getByRole('combobox', { name: 'Sender number' }).inputValue()).toMatch(CONTACT_POINT),
    );
    expect(await form.getByRole('switch', { name: SWITCH }).isChecked()).toBe(true);
    expect(await form.getByRole('textbox', { name: MINUTES }).inputValue()).toBe('20');
  });
});
