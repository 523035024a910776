import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/clients';
import type { User } from '../../api/types';

/** Every user of the tenant, page by page (200 at a time, identity's most), for the board. */
export function useAllUsers() {
  return useQuery({
    queryKey: ['users', 'list', 'every'],
    queryFn: async (): Promise<User[]> => {
      const users: User[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(
          api.identity.GET('/v1/users', { params: { query: { limit: 200, ...(cursor ? { cursor } : {}) } } }),
        );
        users.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return users;
    },
    staleTime: 60_000,
  });
}
