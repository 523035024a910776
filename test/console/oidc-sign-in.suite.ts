import { uniqueSuffix, waitFor, type TestIdentityProvider } from '@tp/stack-harness';
import type { TestStack } from '../support/stack';
import { sharedConsoleStack } from './shared-console-stack';

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
    const consoleStack = await sharedConsoleStack([
      { id: 'oidc-ada', tenant, roles: ['admin'] },
      { id: 'oidc-lou', tenant: late, roles: ['admin'] },
    ]);
    ({ provider, stack } = consoleStack);
    await setUp(tenant);
  }, 180_000);

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
    const { accessToken } = await provider.signIn('oidc-ada');

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
    const forged = await provider.forgeAccessToken('oidc-ada');

    for (const url of Object.values(routes())) {
      expect(await status(url, forged)).toEqual({ status: 401, code: 'AUTH.INVALID_CREDENTIAL' });
    }
  });

  it('refuses a tenant that is not set up, and lets it in within seconds of being set up', async () => {
    const { accessToken } = await provider.signIn('oidc-lou');
    const before = await status(routes().media, accessToken);

    await setUp(late);
    const started = Date.now();
    await waitFor(
      async () => (await status(routes().media, accessToken)).status === 200,
      10_000,
      'media to let oidc-lou in',
    );

    expect(before).toEqual({ status: 403, code: 'AUTH.UNKNOWN_TENANT' });
    expect(Date.now() - started).toBeLessThanOrEqual(6_000);
  });
});
