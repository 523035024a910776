import { useSyncExternalStore } from 'react';
import type { UserManager } from 'oidc-client-ts';
import type { ConsoleConfig } from './config';
import { readClaims } from './jwt';

/**
 * Who is signed in, for the whole page. `expired` keeps the page (and whatever a form holds) on screen
 * under the sign-in dialog; signing in again there picks up where the admin was.
 */
export type SessionState =
  | { status: 'signed-out'; reason?: string }
  | {
      status: 'signed-in' | 'expired';
      method: 'oidc' | 'local';
      token: string;
      who: string;
      tenantId: string;
    };

const LOCAL_KEY = 'tp.console.credential';
const RETURN_KEY = 'tp.console.return-to';

let state: SessionState = { status: 'signed-out' };
let config: ConsoleConfig = { oidc: null, localSignIn: false };
let manager: Promise<UserManager> | null = null;
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export const session = {
  get: (): SessionState => state,
  config: (): ConsoleConfig => config,
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** The bearer token for API calls, also while expired (the app answers 401 and nothing changes). */
  token: (): string | null => (state.status === 'signed-out' ? null : state.token),
  /** An API answered 401: the credential expired or was revoked. */
  expire: (): void => {
    if (state.status === 'signed-in') set({ ...state, status: 'expired' });
  },
};

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.get);
}

const isExpired = (token: string) => {
  const exp = readClaims(token)?.exp;
  return typeof exp === 'number' && exp * 1000 <= Date.now();
};

function fromLocal(token: string): SessionState {
  const claims = readClaims(token) ?? {};
  return {
    status: isExpired(token) ? 'expired' : 'signed-in',
    method: 'local',
    token,
    who: claims.sub ?? 'admin',
    tenantId: claims.tid ?? claims.tenant ?? '',
  };
}

/** oidc-client-ts is loaded only when the console signs in through a provider (first load stays small). */
function userManager(): Promise<UserManager> {
  const oidc = config.oidc;
  if (!oidc) return Promise.reject(new Error('no OpenID provider is configured'));
  manager ??= import('oidc-client-ts').then(
    ({ UserManager, WebStorageStateStore }) =>
      new UserManager({
        authority: oidc.authority,
        client_id: oidc.clientId,
        scope: oidc.scope,
        redirect_uri: `${location.origin}/auth/callback`,
        popup_redirect_uri: `${location.origin}/auth/popup-callback`,
        post_logout_redirect_uri: `${location.origin}/signin`,
        response_type: 'code',
        userStore: new WebStorageStateStore({ store: sessionStorage }),
        automaticSilentRenew: false,
        ...(oidc.resource
          ? { extraQueryParams: { resource: oidc.resource }, extraTokenParams: { resource: oidc.resource } }
          : {}),
      }),
  );
  return manager;
}

function fromOidc(user: import('oidc-client-ts').User): SessionState {
  const claims = readClaims(user.access_token) ?? {};
  const profile = user.profile as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  return {
    status: user.expired ? 'expired' : 'signed-in',
    method: 'oidc',
    token: user.access_token,
    who: text(profile.name) ?? text(profile.email) ?? text(profile.preferred_username) ?? user.profile.sub,
    tenantId: claims.tenant ?? claims.tid ?? '',
  };
}

/** At start: the settings, then a credential kept in this tab (local link, or the provider's tokens). */
export async function restoreSession(loaded: ConsoleConfig): Promise<void> {
  config = loaded;
  const local = config.localSignIn ? sessionStorage.getItem(LOCAL_KEY) : null;
  if (local) return set(fromLocal(local));
  if (config.oidc) {
    const user = await (await userManager()).getUser();
    if (user) set(fromOidc(user));
  }
}

/** `/signin#credential=...`: keeps the credential in this tab only and takes it out of the address bar. */
export function signInWithCredential(credential: string): boolean {
  if (!config.localSignIn) return false;
  const next = fromLocal(credential);
  // An expired link signs nobody in: the sign-in page says so (no page shell, no requests).
  if (next.status !== 'signed-in' || !next.tenantId) return false;
  sessionStorage.setItem(LOCAL_KEY, credential);
  set(next);
  return true;
}

export async function startOidcSignIn(returnTo: string): Promise<void> {
  sessionStorage.setItem(RETURN_KEY, returnTo);
  await (await userManager()).signinRedirect();
}

/** Signs in again in a popup window, so the page below (and what its forms hold) stays as it is. */
export async function renewInPopup(): Promise<void> {
  set(fromOidc(await (await userManager()).signinPopup()));
}

export async function completeOidcSignIn(): Promise<string> {
  set(fromOidc(await (await userManager()).signinRedirectCallback()));
  const returnTo = sessionStorage.getItem(RETURN_KEY) ?? '/';
  sessionStorage.removeItem(RETURN_KEY);
  return returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
}

export async function completeOidcPopup(): Promise<void> {
  await (await userManager()).signinPopupCallback();
}

export async function signOut(): Promise<void> {
  const method = state.status === 'signed-out' ? null : state.method;
  sessionStorage.removeItem(LOCAL_KEY);
  set({ status: 'signed-out', reason: 'You signed out.' });
  if (method === 'oidc') {
    const um = await userManager();
    await um.removeUser();
    await um.signoutRedirect().catch(() => undefined); // a provider without end_session: signed out here
  }
}
