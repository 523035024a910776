import { createHash, randomBytes } from 'node:crypto';

export interface SignInResult {
  accessToken: string;
  idToken: string;
  /** When the access token expires (epoch seconds). */
  expiresAt: number;
  /** The provider's cookies of this user agent (its session), as a `Cookie` header. */
  cookies: string;
}

/** Cookies of one user agent, by name (the provider's session and interaction cookies). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Signs an account in the way a browser and the console do, over plain HTTP: the authorization
 * request with PKCE, the provider's login form (login = account id, any password), the redirect
 * back with the code, and the code exchanged for tokens by the public client.
 */
export async function driveSignIn(flow: {
  issuer: string;
  clientId: string;
  redirectUri: string;
  accountId: string;
  resource?: string;
}): Promise<SignInResult> {
  const jar = new CookieJar();
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('hex');
  const authorize = new URL(`${flow.issuer}/auth`);
  for (const [name, value] of Object.entries({
    client_id: flow.clientId,
    response_type: 'code',
    scope: 'openid profile email',
    redirect_uri: flow.redirectUri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
    nonce: randomBytes(8).toString('hex'),
    ...(flow.resource ? { resource: flow.resource } : {}),
  })) {
    authorize.searchParams.set(name, value);
  }

  // Follows the provider's redirects by hand (to keep its cookies) until it sends us back.
  const follow = async (start: Response): Promise<URL> => {
    let response = start;
    for (let hop = 0; hop < 10; hop += 1) {
      jar.keep(response);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        throw new Error(
          `sign-in stopped at HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`,
        );
      }
      const next = new URL(location, flow.issuer);
      // Back at the console, or at the provider's form: the user agent's part ends here.
      if (next.href.startsWith(flow.redirectUri) || next.pathname.startsWith('/interaction/')) return next;
      response = await fetch(next, { redirect: 'manual', headers: { cookie: jar.header() } });
    }
    throw new Error('sign-in: too many redirects');
  };

  const toForm = await follow(await fetch(authorize, { redirect: 'manual' }));
  if (!toForm.pathname.startsWith('/interaction/')) throw new Error(`no login form: went to ${toForm.href}`);
  const submitted = await fetch(new URL(toForm.pathname, flow.issuer), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ prompt: 'login', login: flow.accountId, password: 'any' }).toString(),
  });
  const back = await follow(submitted);
  if (!back.href.startsWith(flow.redirectUri)) {
    throw new Error(`not sent back to the console (unknown account?): ${back.href}`);
  }
  if (back.searchParams.get('error')) {
    throw new Error(
      `sign-in refused: ${back.searchParams.get('error')} ${back.searchParams.get('error_description') ?? ''}`,
    );
  }
  if (back.searchParams.get('state') !== state) throw new Error('sign-in: state mismatch');

  const token = await fetch(`${flow.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: back.searchParams.get('code') ?? '',
      redirect_uri: flow.redirectUri,
      client_id: flow.clientId,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await token.json()) as {
    access_token?: string;
    id_token?: string;
    expires_in?: number;
    error?: string;
    error_description?: string;
  };
  if (!token.ok || !body.access_token || !body.id_token) {
    throw new Error(`token request failed: ${body.error ?? token.status} ${body.error_description ?? ''}`);
  }
  return {
    accessToken: body.access_token,
    idToken: body.id_token,
    expiresAt: Math.floor(Date.now() / 1000) + (body.expires_in ?? 0),
    cookies: jar.header(),
  };
}
