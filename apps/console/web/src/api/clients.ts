import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { session } from '../auth/session';
import type { paths as DispatchPaths } from './dispatch';
import { ApiError, errorFromResponse, networkError } from './errors';
import type { paths as FlowRuntimePaths } from './flow-runtime';
import type { paths as IdentityPaths } from './identity';
import type { paths as MediaPaths } from './media';
import type { paths as PresencePaths } from './presence';

/** Every call carries the signed-in admin's token; a 401 anywhere puts the sign-in dialog over the page. */
const auth: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) session.expire();
    return response;
  },
};

function client<Paths extends object>(app: string): Client<Paths> {
  const api = createClient<Paths>({ baseUrl: `${location.origin}/api/${app}` });
  api.use(auth);
  return api;
}

/** The five apps, through the console server's `/api/<app>` routes (the same origin, no CORS). */
export const api = {
  identity: client<IdentityPaths>('identity'),
  media: client<MediaPaths>('media'),
  flowRuntime: client<FlowRuntimePaths>('flow-runtime'),
  presence: client<PresencePaths>('presence'),
  dispatch: client<DispatchPaths>('dispatch'),
};

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError that says what happened
 * (the connection lost, the sign-in expired, a field refused, ...).
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw networkError();
  }
  if (!result.response.ok) throw errorFromResponse(result.response, result.error);
  return result.data as T;
}
