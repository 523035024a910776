import {
  oidcEnv,
  startTestIdentityProvider,
  uniqueSuffix,
  waitFor,
  type TestIdentityProvider,
} from '@tp/stack-harness';
import { startTestStack, type TestStack } from './support/stack';

/**
 * The five built apps trusting a real OpenID Connect provider (`AUTH_OIDC_*`), as a console's
 * admin uses them: each app verifies the provider's access tokens itself, and the four apps other
 * than identity ask identity over NATS whether the tenant is set up.
 */
describe('admins signed in through the OpenID Connect provider, on every app', () => {
  const tenant = `acme-${uniqueSuffix()}`;
  const late = `late-${uniqueSuffix()}`;
  let provider: TestIdentityProvider;
  let stack: TestStack;

  beforeAll(async () => {
    provider = await startTestIdentityProvider({
      consoleUrl: 'http://127.0.0.1:3005',
      accounts: [
        { id: 'ada', tenant, roles: ['admin'] },
        { id: 'lou', tenant: late, roles: ['admin'] },
      ],
    });
    stack = await startTestStack('oidc_sign_in', { env: oidcEnv(provider) });
    await setUp(tenant);
  });

  afterAll(async () => {
    await stack?.close();
    await provider?.stop();
  });

  async function setUp(id: string): Promise<void> {
    const response = await fetch(`${stack.urls.identity}/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.platformToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id, displayName: id }),
    });
    expect(response.status).toBe(201);
  }

  const routes = () => ({
    identity: `${stack.urls.identity}/v1/users`,
    media: `${stack.urls.media}/v1/prompts`,
    'flow-runtime': `${stack.urls.flowRuntime}/v1/flows`,
    dispatch: `${stack.urls.dispatch}/v1/dispatch-mappings`,
    presence: `${stack.urls.presence}/v1/presence/online`,
  });

  async function status(url: string, token: string): Promise<{ status: number; code?: string }> {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { code?: string };
    return { status: response.status, code: response.ok ? undefined : body.code };
  }

  it("lets the tenant's admin into every app", async () => {
    const { accessToken } = await provider.signIn('ada');

    const answers: Record<string, { status: number; code?: string }> = {};
    for (const [app, url] of Object.entries(routes())) answers[app] = await status(url, accessToken);

    expect(answers).toEqual({
      identity: { status: 200 },
      media: { status: 200 },
      'flow-runtime': { status: 200 },
      dispatch: { status: 200 },
      presence: { status: 200 },
    });
  });

  it('refuses a forged token on every app', async () => {
    const forged = await provider.forgeAccessToken('ada');

    for (const url of Object.values(routes())) {
      expect(await status(url, forged)).toEqual({ status: 401, code: 'AUTH.INVALID_CREDENTIAL' });
    }
  });

  it('refuses a tenant that is not set up, and lets it in within seconds of being set up', async () => {
    const { accessToken } = await provider.signIn('lou');
    const before = await status(routes().media, accessToken);

    await setUp(late);
    const started = Date.now();
    await waitFor(
      async () => (await status(routes().media, accessToken)).status === 200,
      10_000,
      'media to let lou in',
    );

    expect(before).toEqual({ status: 403, code: 'AUTH.UNKNOWN_TENANT' });
    expect(Date.now() - started).toBeLessThanOrEqual(6_000);
  });
});
