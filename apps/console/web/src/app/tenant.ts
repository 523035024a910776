import { useQuery } from '@tanstack/react-query';
import type { Client } from 'openapi-fetch';
import { api, unwrap } from '../api/clients';
import { ApiError } from '../api/errors';
import { useSession } from '../auth/session';

/**
 * `GET /v1/tenant` of identity (the signed-in tenant's id and display name). Declared here until
 * identity's OpenAPI document has it; then `api.identity` types it by itself.
 */
interface TenantPaths {
  '/v1/tenant': {
    get: {
      responses: { 200: { content: { 'application/json': { id: string; displayName: string } } } };
    };
  };
}

/** The tenant's display name for the header, or its id when identity cannot say (yet). */
export function useTenantName(): string {
  const current = useSession();
  const tenantId = current.status === 'signed-out' ? '' : current.tenantId;
  const tenant = useQuery({
    queryKey: ['tenant', tenantId],
    enabled: current.status === 'signed-in',
    queryFn: () => unwrap((api.identity as unknown as Client<TenantPaths>).GET('/v1/tenant')),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 1,
    staleTime: 5 * 60_000,
  });
  return tenant.data?.displayName ?? tenantId;
}
