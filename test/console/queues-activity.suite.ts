import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { uniqueSuffix, waitFor } from '@tp/stack-harness';
import { TwilioNetwork, type CustomerCall } from '@tp/twilio-simulator';
import type { Locator, Page } from 'playwright-core';
import { seedCustomerFlow, seedTimedPresenceTenant } from '../../libs/stack-harness/src/seed-tenant';
import { repositoryRoot } from '../../libs/stack-harness/src/stack';
import { seriousAccessibilityViolations } from '../support/browser';
import { eventually, shownText, signInWithLink, type ConsoleStack } from '../support/console';
import { sharedConsoleStack } from './shared-console-stack';

/**
 * The Queues and Activity pages in a real browser against the whole stack. Customers call through
 * the test Twilio network and wait in two queues (billing, spanish) while nobody with the skill is
 * online; the Queues page shows them with their wait ticking. Ada (billing) logs in through the
 * Timed Presence IVR and is offered the oldest call: the page shows it ringing at her phone. The
 * caller hangs up (abandoned), Ada takes the next call (answered), and the counts move.
 *
 * Activity: Ada's session is real (her login); a day of history cannot be lived through in a test,
 * so Grace's and Alan's earlier sessions are rows inserted in presence's `timed_session` table in
 * the setup (the table the chart is computed from). Screenshots go to docs/console/.
 */
const tenant = `queues-${uniqueSuffix()}`;
const LOGIN = '+15550700100';
const BILLING = '+15550700201';
const SPANISH = '+15550700202';
const AGENTS = {
  ada: { name: 'Ada Lovelace', email: 'ada@queues.example', phone: '+15550700001', skills: ['Billing'] },
  grace: {
    name: 'Grace Hopper',
    email: 'grace@queues.example',
    phone: '+15550700002',
    skills: ['Billing', 'Spanish'],
  },
  alan: { name: 'Alan Turing', email: 'alan@queues.example', phone: '+15550700003', skills: ['Spanish'] },
};
const SHOTS = join(repositoryRoot(), 'docs', 'console');
const HOUR = 3_600_000;

describe('the console: live queues and agents online per skill', () => {
  let consoleStack: ConsoleStack;
  let network: TwilioNetwork;
  let page: Page;
  const ids: Record<keyof typeof AGENTS, string> = { ada: '', grace: '', alan: '' };
  const customers: CustomerCall[] = [];
  let callers = 0;

  beforeAll(async () => {
    consoleStack = await sharedConsoleStack([]);
    const { stack } = consoleStack;
    await consoleStack.createTenant(tenant, 'Queue Telecom');
    const token = consoleStack.credential(tenant);
    const seeded = await seedTimedPresenceTenant(stack.urls, {
      token,
      platformToken: stack.platformToken(),
      contactPoint: LOGIN,
      agents: Object.values(AGENTS),
      customer: {
        contactPoint: BILLING,
        flowName: 'Billing line',
        queueName: 'Billing',
        requiredSkills: ['billing'],
      },
    });
    await seedCustomerFlow(
      stack.urls,
      token,
      { contactPoint: SPANISH, flowName: 'Spanish line', queueName: 'Spanish', requiredSkills: ['spanish'] },
      stack.platformToken(),
    );
    for (const key of Object.keys(AGENTS) as (keyof typeof AGENTS)[])
      ids[key] = seeded.agents.find((a) => a.phone === AGENTS[key].phone)!.id;

    // The day before: Grace 20 h to 12 h ago, Alan 10 h to 4 h ago (rows, see above).
    const now = Date.now();
    for (const [agent, from, to] of [
      [ids.grace, 20, 12],
      [ids.alan, 10, 4],
      [ids.grace, 9, 6],
    ] as const) {
      await stack.pg.query(
        `insert into presence.timed_session (id, tenant_id, agent_id, hours, start_reason, call_sid, flow_id,
           started_at, planned_end_at, ended_at, end_reason)
         values ($1, $2, $3, 8, 'login', null, null, $4, $5, $6, 'agent-logoff')`,
        [
          randomUUID(),
          tenant,
          agent,
          new Date(now - from * HOUR),
          new Date(now - from * HOUR + 8 * HOUR),
          new Date(now - to * HOUR),
        ],
      );
    }

    network = new TwilioNetwork({
      serverUrl: stack.publicBaseUrl,
      serverUrls: stack.dispatchUrls,
      publicBaseUrl: stack.publicBaseUrl,
      authToken: stack.twilio.authToken,
      accountSid: stack.twilio.accountSid,
      rest: stack.twilioRest,
      holdMs: 500,
    });
    // Ada's phone rings without an answer at the first offer, and she accepts the next.
    network.phone(AGENTS.ada.phone, 'ring', 'accept');

    page = await consoleStack.newPage();
    mkdirSync(SHOTS, { recursive: true });
    await signInWithLink(page, consoleStack.url, token);
  }, 180_000);

  afterAll(async () => {
    for (const customer of customers)
      if (!customer.call.ended) await customer.hangUp().catch(() => undefined);
    network?.close();
  });

  async function call(to: string): Promise<CustomerCall> {
    callers += 1;
    const customer = await network.dial({ from: `+1555080${String(1000 + callers).padStart(4, '0')}`, to });
    expect(customer.state).toBe('queued');
    customers.push(customer);
    return customer;
  }

  const queue = (skill: string): Locator => page.locator(`[data-testid="queue"][data-skills="${skill}"]`);
  const count = async (skill: string, what: string) =>
    Number(await queue(skill).getByTestId(`count-${what}`).innerText());
  const seconds = (shown: string) => shown.split(':').reduce((total, part) => total * 60 + Number(part), 0);

  it('shows the calls waiting per queue, with their wait ticking', async () => {
    await call(BILLING);
    await call(BILLING);
    await call(SPANISH);

    await page.getByRole('link', { name: 'Queues' }).click();
    await page.getByRole('heading', { name: 'Queues', level: 1 }).waitFor();
    await eventually(async () => {
      expect(await queue('billing').getByTestId('waiting-call').count()).toBe(2);
      expect(await queue('spanish').getByTestId('waiting-call').count()).toBe(1);
    }, 15_000);
    expect(await shownText(queue('billing'))).toContain('Billing');
    expect(await count('billing', 'waiting')).toBe(2);
    expect(await count('billing', 'ringing')).toBe(0);
    const waitTime = queue('spanish').getByTestId('wait-time');
    const first = seconds(await waitTime.innerText());
    await eventually(
      async () => expect(seconds(await waitTime.innerText())).toBeGreaterThanOrEqual(first + 2),
      10_000,
    );
    expect(await shownText(queue('spanish').getByTestId('offer'))).toBe(
      'Waiting for a free agent with these skills',
    );
  });

  it('shows the offer ringing at the agent who logged in, and since when', async () => {
    const login = await consoleStack.stack.simulator().dial({ from: AGENTS.ada.phone, to: LOGIN });
    await login.press('1');
    expect(login.ended).toBe(true);

    const offer = queue('billing').getByTestId('waiting-call').first().getByTestId('offer');
    await eventually(
      async () => expect(await shownText(offer)).toMatch(/^Ringing Ada Lovelace since \d/i),
      15_000,
    );
    expect(await count('billing', 'ringing')).toBe(1);
    expect(await shownText(queue('billing').getByTestId('waiting-call').nth(1).getByTestId('offer'))).toBe(
      'Waiting for a free agent with these skills',
    );
    await page.screenshot({ path: join(SHOTS, 'queues.png'), fullPage: true });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('counts the abandoned call and the answered one of the last hour', async () => {
    const [ringing, next] = customers;
    await ringing.hangUp();

    await eventually(async () => expect(await count('billing', 'abandoned')).toBe(1), 15_000);
    await waitFor(() => next.state === 'bridged', 20_000, 'the next caller bridged to Ada');
    await eventually(async () => {
      expect(await count('billing', 'answered')).toBe(1);
      expect(await count('billing', 'waiting')).toBe(0);
      expect(await count('billing', 'ringing')).toBe(0);
    }, 15_000);
    expect(await count('spanish', 'waiting')).toBe(1);
    expect(await count('spanish', 'answered')).toBe(0);
    await network.agentHangsUp(next.agent!);
  });

  it('charts the agents online per skill over the last 24 hours, with a skill filter', async () => {
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
    const row = (skill: string) => page.locator(`[data-testid="activity-row"][data-skill="${skill}"]`);
    await eventually(async () => {
      expect(await row('billing').getByTestId('now').innerText()).toBe('1'); // Ada, online now
      expect(await row('spanish').getByTestId('peak').innerText()).toBe('2'); // Grace and Alan, 9 h to 6 h ago
    }, 15_000);
    expect(await row('billing').getByTestId('peak').innerText()).toBe('1');
    const chart = page.getByTestId('activity-chart');
    await eventually(async () => expect(await chart.locator('.recharts-area').count()).toBe(2));
    await page.screenshot({ path: join(SHOTS, 'activity-chart.png'), fullPage: true });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByPlaceholder('All skills').click();
    await page.getByRole('option', { name: 'spanish' }).click();
    await page.keyboard.press('Escape');

    await eventually(async () => {
      expect(await page.getByTestId('activity-row').count()).toBe(1);
      expect(await chart.locator('.recharts-area').count()).toBe(1);
    });
    expect(await row('spanish').count()).toBe(1);
  });
});
