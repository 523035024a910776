import { customerGraph, queueParams } from '@tp/fakes';

/**
 * Sets up a tenant for timed presence through the admin APIs, as an admin following the vendor
 * page would: the starter prompts (media: the vendor page's seven and the break's two), agents with PSTN extensions and skills
 * (identity), a Timed Presence flow published (flow-runtime), and a dispatch mapping for the
 * contact point (dispatch), which the platform operator assigns to the tenant first. Idempotent: running it again reuses what exists. Used by `npm start`
 * (the demo tenant) and the end-to-end tests.
 */
export interface StackUrls {
  identity: string;
  media: string;
  flowRuntime: string;
  dispatch: string;
  presence: string;
}

export interface AgentSeed {
  name: string;
  email: string;
  /** E.164, the agent's own phone (their PSTN extension). */
  phone: string;
  skills?: string[];
  timeZone?: string;
  pin?: string;
}

export interface TenantSeed {
  /** The admin credential of the tenant. */
  token: string;
  /**
   * A platform admin credential: the contact points are on the platform's Twilio account, so the
   * platform operator assigns them to the tenant before it maps them.
   */
  platformToken: string;
  /** The number agents call (a dispatch mapping's contact point), E.164. */
  contactPoint: string;
  agents: AgentSeed[];
  flowName?: string;
  presetHours?: [number, number, number, number];
  callerVerification?: 'caller-id' | 'pin' | 'pin-unless-attested';
  notifyOnExpiry?: boolean;
  attempts?: number;
  /** The timed break, enabled with this key (default 6) and length (default 15 minutes); off when absent. */
  break?: { key?: string; minutes?: number };
  /** Offer "online until a time of day" on key 5 (the starter set's until-time prompts). */
  untilTime?: boolean;
  /** Also a customer flow mapped to a second contact point; none when absent (the default). */
  customer?: CustomerFlowSeed;
}

/**
 * A customer flow: Entry -> Play Prompt `greeting` -> Queue `queue` -(answered)-> Exit,
 * -(timeout)-> Play Prompt `goodbye` -> Exit, with its four text-to-speech prompts, mapped to
 * `contactPoint`.
 */
export interface CustomerFlowSeed {
  /** The number customers call (a second dispatch mapping's contact point), E.164. */
  contactPoint: string;
  /** Default `Customer Support`. */
  flowName?: string;
  /** What agents hear: "A call from the <queueName> queue"; default `Support`. */
  queueName?: string;
  /** Default [] (any online agent). */
  requiredSkills?: string[];
  /** 0-10, default 0. */
  priority?: number;
  /** 5-3600, default 300. */
  maxWaitSeconds?: number;
  /** The prompts' texts (Polly.Joanna, en-US); see {@link CUSTOMER_PROMPT_TEXTS} for the defaults. */
  texts?: Partial<Record<CustomerPromptName, string>>;
}

export type CustomerPromptName = 'greeting' | 'hold' | 'noAgent' | 'goodbye';

/** What the seeded customer flow's prompts say unless the seed says otherwise. */
export const CUSTOMER_PROMPT_TEXTS: Record<CustomerPromptName, string> = {
  greeting: 'Thank you for calling. Please hold while we find someone to help you.',
  hold: 'Please hold, your call is important to us.',
  noAgent: 'Sorry, no one is available to take your call right now. Please try again later.',
  goodbye: 'Goodbye.',
};

export interface SeededCustomerFlow {
  flowId: string;
  mappingId: string;
  /** The media prompt ids of the flow, by name. */
  promptIds: Record<CustomerPromptName, string>;
}

export interface SeededTenant {
  promptIds: Record<string, string>;
  flowId: string;
  mappingId: string;
  agents: { id: string; name: string; phone: string }[];
  /** Present when the seed asked for a customer flow. */
  customer?: SeededCustomerFlow;
}

export class SeedError extends Error {}

async function call<T>(
  token: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

function expectOk<T>(what: string, result: { status: number; body: T }): T {
  if (result.status >= 300)
    throw new SeedError(`${what}: HTTP ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

export async function seedTimedPresenceTenant(urls: StackUrls, seed: TenantSeed): Promise<SeededTenant> {
  const { token } = seed;

  // media: the vendor page's seven prompts and the timed break's two
  const starter = expectOk(
    'starter prompts',
    await call<{ prompts: { role: string; status: string; prompt: { id: string } }[] }>(
      token,
      'POST',
      `${urls.media}/v1/prompts/starter-set`,
      {},
    ),
  );
  const promptIds = Object.fromEntries(starter.prompts.map((p) => [p.role, p.prompt.id]));

  // identity: the agents, each with their PSTN extension
  const agents: SeededTenant['agents'] = [];
  for (const agent of seed.agents) {
    const found = expectOk(
      `find ${agent.phone}`,
      await call<{ items: { id: string; name: string }[] }>(
        token,
        'GET',
        `${urls.identity}/v1/users?number=${encodeURIComponent(agent.phone)}`,
      ),
    );
    let id = found.items[0]?.id;
    if (!id) {
      const created = expectOk(
        `create ${agent.name}`,
        await call<{ id: string }>(token, 'POST', `${urls.identity}/v1/users`, {
          name: agent.name,
          email: agent.email,
          ...(agent.timeZone ? { timeZone: agent.timeZone } : {}),
          skills: (agent.skills ?? []).map((name) => ({ name })),
          extensions: [{ type: 'pstn', number: agent.phone, description: `${agent.name} - mobile` }],
        }),
      );
      id = created.id;
    }
    if (agent.pin)
      expectOk(
        `PIN of ${agent.name}`,
        await call(token, 'PUT', `${urls.identity}/v1/users/${id}/pin`, { pin: agent.pin }),
      );
    agents.push({ id, name: agent.name, phone: agent.phone });
  }

  // flow-runtime: Entry -> Timed Presence -> Exit, published
  const flowName = seed.flowName ?? 'Timed Presence';
  const flow = await publishedFlow(urls, token, flowName, {
    nodes: [
      { id: 'entry', kind: 'entry' },
      {
        id: 'timed-presence',
        kind: 'timed-presence',
        params: {
          prompts: promptIds,
          presetHours: seed.presetHours ?? [8, 24, 48, 72],
          ...(seed.callerVerification ? { callerVerification: seed.callerVerification } : {}),
          ...(seed.notifyOnExpiry === undefined ? {} : { notifyOnExpiry: seed.notifyOnExpiry }),
          ...(seed.attempts === undefined ? {} : { attempts: seed.attempts }),
          ...(seed.break === undefined
            ? {}
            : {
                breakEnabled: true,
                ...(seed.break.key === undefined ? {} : { breakKey: seed.break.key }),
                ...(seed.break.minutes === undefined ? {} : { breakMinutes: seed.break.minutes }),
              }),
          ...(seed.untilTime === undefined ? {} : { untilTime: seed.untilTime }),
        },
      },
      { id: 'exit', kind: 'exit' },
    ],
    edges: [
      { from: 'entry', to: 'timed-presence' },
      { from: 'timed-presence', to: 'exit' },
    ],
  });

  // dispatch: the contact point agents call
  const mappingId = await mappedNumber(
    urls,
    { token, platformToken: seed.platformToken },
    seed.contactPoint,
    flow.id,
    {
      name: `${flowName} - login`,
      description: 'The number agents call to log in and out of timed presence.',
    },
  );
  const customer =
    seed.customer === undefined
      ? undefined
      : await seedCustomerFlow(urls, token, seed.customer, seed.platformToken);
  return { promptIds, flowId: flow.id, mappingId, agents, ...(customer ? { customer } : {}) };
}

/**
 * Seeds a customer flow (see {@link CustomerFlowSeed}) in a tenant through the admin APIs: its four
 * prompts in media (reused by name), the flow published in flow-runtime (reused by name if
 * already published), and the dispatch mapping of its contact point. Idempotent.
 */
export async function seedCustomerFlow(
  urls: StackUrls,
  token: string,
  seed: CustomerFlowSeed,
  /** A platform admin credential, to assign the contact point to the tenant first. */
  platformToken: string,
): Promise<SeededCustomerFlow> {
  const flowName = seed.flowName ?? 'Customer Support';
  const existing = expectOk(
    'list prompts',
    await call<{ items: { id: string; name: string }[] }>(token, 'GET', `${urls.media}/v1/prompts?limit=200`),
  );
  const promptIds = {} as Record<CustomerPromptName, string>;
  for (const name of Object.keys(CUSTOMER_PROMPT_TEXTS) as CustomerPromptName[]) {
    const promptName = `${flowName} - ${name}`;
    const found = existing.items.find((p) => p.name.toLowerCase() === promptName.toLowerCase());
    promptIds[name] =
      found?.id ??
      expectOk(
        `create prompt ${promptName}`,
        await call<{ id: string }>(token, 'POST', `${urls.media}/v1/prompts`, {
          name: promptName,
          content: {
            kind: 'tts',
            text: seed.texts?.[name] ?? CUSTOMER_PROMPT_TEXTS[name],
            voice: 'Polly.Joanna',
            language: 'en-US',
          },
        }),
      ).id;
  }
  const flow = await publishedFlow(
    urls,
    token,
    flowName,
    customerGraph({
      greetingPromptId: promptIds.greeting,
      goodbyePromptId: promptIds.goodbye,
      queue: queueParams({
        name: seed.queueName ?? 'Support',
        requiredSkills: seed.requiredSkills ?? [],
        priority: seed.priority ?? 0,
        maxWaitSeconds: seed.maxWaitSeconds ?? 300,
        holdPromptId: promptIds.hold,
        noAgentPromptId: promptIds.noAgent,
      }),
    }),
  );
  const mappingId = await mappedNumber(urls, { token, platformToken }, seed.contactPoint, flow.id, {
    name: `${flowName} - customers`,
    description: 'The number customers call to reach an online agent.',
  });
  return { flowId: flow.id, mappingId, promptIds };
}

/** The flow called `flowName`, created if missing and published with `graph` unless it already has a published version. */
async function publishedFlow(
  urls: StackUrls,
  token: string,
  flowName: string,
  graph: unknown,
): Promise<{ id: string; name: string; publishedVersion: number | null }> {
  const flows = expectOk(
    'list flows',
    await call<{ items: { id: string; name: string; publishedVersion: number | null }[] }>(
      token,
      'GET',
      `${urls.flowRuntime}/v1/flows?limit=200`,
    ),
  );
  let flow = flows.items.find((f) => f.name.toLowerCase() === flowName.toLowerCase());
  if (!flow) {
    flow = expectOk(
      'create flow',
      await call<{ id: string; name: string; publishedVersion: number | null }>(
        token,
        'POST',
        `${urls.flowRuntime}/v1/flows`,
        { name: flowName },
      ),
    );
  }
  if (flow.publishedVersion === null) {
    const version = expectOk(
      'add flow version',
      await call<{ version: number }>(
        token,
        'POST',
        `${urls.flowRuntime}/v1/flows/${flow.id}/versions`,
        graph,
      ),
    );
    expectOk(
      'publish flow',
      await call(
        token,
        'POST',
        `${urls.flowRuntime}/v1/flows/${flow.id}/versions/${version.version}/publish`,
      ),
    );
  }
  return flow;
}

/** The tenant id of one of our tenant admin credentials (its `tid` claim). */
function tenantOf(token: string): string {
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    tid?: unknown;
  };
  if (typeof claims.tid !== 'string') throw new SeedError('the seed needs a tenant admin credential');
  return claims.tid;
}

/**
 * The dispatch mapping of `contactPoint`, created (to `flowId`) if missing, after the platform
 * operator assigned the number to the tenant (again to the same tenant changes nothing); its id.
 */
async function mappedNumber(
  urls: StackUrls,
  { token, platformToken }: { token: string; platformToken: string },
  contactPoint: string,
  flowId: string,
  text: { name: string; description: string },
): Promise<string> {
  const mappings = expectOk(
    'list mappings',
    await call<{ items: { id: string; phoneNumber: string }[] }>(
      token,
      'GET',
      `${urls.dispatch}/v1/dispatch-mappings?limit=200`,
    ),
  );
  const mapping = mappings.items.find((m) => m.phoneNumber === contactPoint);
  if (mapping) return mapping.id;
  expectOk(
    `assign ${contactPoint}`,
    await call(platformToken, 'POST', `${urls.dispatch}/v1/contact-points`, {
      phoneNumber: contactPoint,
      tenantId: tenantOf(token),
    }),
  );
  return expectOk(
    'create mapping',
    await call<{ id: string }>(token, 'POST', `${urls.dispatch}/v1/dispatch-mappings`, {
      ...text,
      phoneNumber: contactPoint,
      flowId,
    }),
  ).id;
}
