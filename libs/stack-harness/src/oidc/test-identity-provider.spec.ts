import {
  consoleOidcEnv,
  oidcEnv,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from './test-identity-provider';

/** The test provider itself: a real sign-in gives a JWT access token with the tenant and roles. */
describe('the test identity provider', () => {
  let provider: TestIdentityProvider;

  beforeAll(async () => {
    provider = await startTestIdentityProvider({
      accounts: [{ id: 'ada', tenant: 'acme', roles: ['admin'], name: 'Ada', email: 'ada@acme.example' }],
      consoleUrl: 'http://127.0.0.1:3005',
      audience: 'https://api.example',
    });
  });

  afterAll(() => provider?.stop());

  const payloadOf = (jwt: string): Record<string, unknown> =>
    JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

  it('publishes a discovery document with its key set, PKCE S256 and the end-session endpoint', async () => {
    const discovery = (await (
      await fetch(`${provider.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;

    expect(discovery).toMatchObject({
      issuer: provider.issuer,
      jwks_uri: provider.jwksUrl,
      code_challenge_methods_supported: ['S256'],
      end_session_endpoint: expect.any(String),
    });
  });

  it('signs an account in through its login form and issues a JWT access token for the audience', async () => {
    const { accessToken, idToken } = await provider.signIn('ada');

    expect(payloadOf(accessToken)).toMatchObject({
      iss: provider.issuer,
      aud: 'https://api.example',
      sub: 'ada',
      tenant: 'acme',
      roles: ['admin'],
      client_id: 'console',
    });
    expect(payloadOf(idToken)).toMatchObject({ sub: 'ada', aud: 'console' });
  });

  it('issues a token for another audience when the client asks for that resource', async () => {
    const { accessToken } = await provider.signIn('ada', { resource: 'https://other.example' });

    expect(payloadOf(accessToken).aud).toBe('https://other.example');
  });

  it('signs out without a click and sends the browser back to the console', async () => {
    const { idToken, cookies } = await provider.signIn('ada');
    const end = new URL(`${provider.issuer}/session/end`);
    end.search = new URLSearchParams({
      id_token_hint: idToken,
      post_logout_redirect_uri: 'http://127.0.0.1:3005/',
      client_id: 'console',
    }).toString();
    const page = await fetch(end, { redirect: 'manual', headers: { cookie: cookies } });
    const html = await page.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const fields = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)];

    const submitted = await fetch(new URL(action!, provider.issuer), {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: page.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
      },
      body: new URLSearchParams(
        fields.map(([, name, value]): [string, string] => [name ?? '', value ?? '']),
      ).toString(),
    });

    expect(html).toContain("document.getElementById('op.logoutForm').submit()");
    expect(fields.map(([, name]) => name)).toContain('logout');
    expect(submitted.headers.get('location')).toBe('http://127.0.0.1:3005/');
  });

  it('hands the apps and the console the settings that match it', () => {
    expect(oidcEnv(provider)).toEqual({
      AUTH_OIDC_ISSUER: provider.issuer,
      AUTH_OIDC_AUDIENCE: 'https://api.example',
      AUTH_OIDC_TENANT_CLAIM: 'tenant',
      AUTH_OIDC_ROLES_CLAIM: 'roles',
    });
    expect(consoleOidcEnv(provider)).toMatchObject({
      CONSOLE_OIDC_ISSUER: provider.issuer,
      CONSOLE_OIDC_CLIENT_ID: 'console',
      CONSOLE_OIDC_RESOURCE: 'https://api.example',
    });
  });

  it('does not sign in an account it does not know', async () => {
    await expect(provider.signIn('mallory')).rejects.toThrow();
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(`${provider.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: 'console',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'http://127.0.0.1:3005/auth/callback',
    }).toString();

    const response = await fetch(url, { redirect: 'manual' });

    expect(response.headers.get('location')).toContain('error=invalid_request');
  });
});
