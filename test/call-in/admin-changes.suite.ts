import { uniqueSuffix, waitFor } from '@tp/stack-harness';
import { seedTimedPresenceTenant, type SeededTenant } from '../../libs/stack-harness/src/seed-tenant';
import { NOT_IN_SERVICE_TEXT, SAY } from '../support/call-in';
import type { TestStack } from '../support/stack';
import { sharedCallInStack } from './shared-call-in-stack';

/**
 * What a call needs is kept in memory by the apps that answer it (ADR 30): the callers and their
 * presence in flow-runtime, the flows, the mappings in dispatch, the prompts. An admin's change must
 * still reach the IVR within a second, on the real stack: each test makes the change through the
 * admin API and then calls until the call hears it, for at most one second.
 */
const tenant = `admin-changes-${uniqueSuffix()}`;
const CONTACT = '+15550800100';
const LATER_CONTACT = '+15550800101';
const ADA = '+15550800001';
const GRACE = '+15550800002';
const ADA_NEW_PHONE = '+15550800011';
const FRESH_MS = 1000;

describe("an admin's change reaches the IVR within a second", () => {
  let stack: TestStack;
  let seeded: SeededTenant;
  let token: string;
  const idOf = (phone: string) => seeded.agents.find((a) => a.phone === phone)!.id;

  beforeAll(async () => {
    stack = await sharedCallInStack();
    token = stack.token(tenant);
    // The stack is shared: other suites' tenants may be loaded already.
    const readyBefore = await metric('tp_flow_runtime_caller_directory_tenants', 'state="ready"');
    seeded = await seedTimedPresenceTenant(stack.urls, {
      token,
      platformToken: stack.platformToken(),
      contactPoint: CONTACT,
      agents: [
        { name: 'Ada Lovelace', email: 'ada@admin-changes.example', phone: ADA },
        { name: 'Grace Hopper', email: 'grace@admin-changes.example', phone: GRACE },
      ],
    });
    // The first call of the tenant has flow-runtime load its callers; then they are answered from memory.
    expect((await dial(ADA)).lastSaid).toBe(welcomeAndMenu);
    await waitFor(
      async () =>
        (await metric('tp_flow_runtime_caller_directory_tenants', 'state="ready"')) >= readyBefore + 1,
    );
  }, 120_000);

  const welcomeAndMenu = `${SAY.welcome} ${SAY['preset-hours']}`;
  const dial = (from: string, to = CONTACT) => stack.simulator().dial({ from, to });
  const admin = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(300);
    const text = await response.text();
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  /** The sum of a flow-runtime metric's series that carry `label`. */
  async function metric(name: string, label: string): Promise<number> {
    const text = await (await fetch(`${stack.urls.flowRuntime}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) && line.includes(label))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }
  const withinASecond = (hears: () => Promise<boolean>, what: string) => waitFor(hears, FRESH_MS, what);

  it('recognises a caller by a number added a moment ago, from flow-runtime’s own copy', async () => {
    expect((await dial(ADA_NEW_PHONE)).lastSaid).toBe(SAY['resource-lookup-error']);
    const fromMemory = await metric('tp_flow_runtime_caller_lookups_total', 'answered_by="memory"');

    await admin('POST', `${stack.urls.identity}/v1/users/${idOf(ADA)}/extensions`, {
      type: 'pstn',
      number: ADA_NEW_PHONE,
    });

    await withinASecond(
      async () => (await dial(ADA_NEW_PHONE)).lastSaid === welcomeAndMenu,
      'the new number recognised',
    );
    expect(await metric('tp_flow_runtime_caller_lookups_total', 'answered_by="memory"')).toBeGreaterThan(
      fromMemory,
    );
  });

  it('no longer lets a user disabled a moment ago in', async () => {
    expect((await dial(GRACE)).lastSaid).toBe(welcomeAndMenu);

    await admin('POST', `${stack.urls.identity}/v1/users/${idOf(GRACE)}/disable`);

    await withinASecond(
      async () => (await dial(GRACE)).lastSaid === SAY['resource-lookup-error'],
      'the disabled user turned away',
    );
  });

  it('plays a prompt changed a moment ago', async () => {
    const welcome = 'Welcome back to the presence line, as of a moment ago.';
    await admin('PATCH', `${stack.urls.media}/v1/prompts/${seeded.promptIds.welcome}`, {
      content: { kind: 'tts', text: welcome, voice: 'Polly.Joanna', language: 'en-US' },
    });

    await withinASecond(
      async () => (await dial(ADA)).lastSaid === `${welcome} ${SAY['preset-hours']}`,
      'the new welcome',
    );
  });

  it('answers on a number mapped a moment ago', async () => {
    expect((await dial(ADA, LATER_CONTACT)).lastSaid).toBe(NOT_IN_SERVICE_TEXT);

    await seedTimedPresenceTenant(stack.urls, {
      token,
      platformToken: stack.platformToken(),
      contactPoint: LATER_CONTACT,
      agents: [],
    });

    await withinASecond(
      async () => (await dial(ADA, LATER_CONTACT)).lastSaid.endsWith(SAY['preset-hours']),
      'the new mapping answering',
    );
  });
});
