/**
 * Sets up a tenant for timed presence through the admin APIs, as an admin following the vendor
 * page would: the seven starter prompts (media), agents with PSTN extensions and skills
 * (identity), a Timed Presence flow published (flow-runtime), and a dispatch mapping for the
 * contact point (dispatch). Idempotent: running it again reuses what exists. Used by `npm start`
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
  /** The number agents call (a dispatch mapping's contact point), E.164. */
  contactPoint: string;
  agents: AgentSeed[];
  flowName?: string;
  presetHours?: [number, number, number, number];
  callerVerification?: 'caller-id' | 'pin' | 'pin-unless-attested';
  notifyOnExpiry?: boolean;
  attempts?: number;
}

export interface SeededTenant {
  promptIds: Record<string, string>;
  flowId: string;
  mappingId: string;
  agents: { id: string; name: string; phone: string }[];
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

  // media: the vendor page's seven prompts
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
        {
          name: flowName,
        },
      ),
    );
  }
  if (flow.publishedVersion === null) {
    const version = expectOk(
      'add flow version',
      await call<{ version: number }>(token, 'POST', `${urls.flowRuntime}/v1/flows/${flow.id}/versions`, {
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
            },
          },
          { id: 'exit', kind: 'exit' },
        ],
        edges: [
          { from: 'entry', to: 'timed-presence' },
          { from: 'timed-presence', to: 'exit' },
        ],
      }),
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

  // dispatch: the contact point agents call
  const mappings = expectOk(
    'list mappings',
    await call<{ items: { id: string; phoneNumber: string }[] }>(
      token,
      'GET',
      `${urls.dispatch}/v1/dispatch-mappings?limit=200`,
    ),
  );
  let mapping = mappings.items.find((m) => m.phoneNumber === seed.contactPoint);
  if (!mapping) {
    mapping = expectOk(
      'create mapping',
      await call<{ id: string; phoneNumber: string }>(
        token,
        'POST',
        `${urls.dispatch}/v1/dispatch-mappings`,
        {
          name: `${flowName} - login`,
          description: 'The number agents call to log in and out of timed presence.',
          phoneNumber: seed.contactPoint,
          flowId: flow.id,
        },
      ),
    );
  }
  return { promptIds, flowId: flow.id, mappingId: mapping.id, agents };
}
