import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/clients';
import type { User } from '../../api/types';

export const userKey = (id: string) => ['users', 'one', id] as const;

export function fetchUser(userId: string): Promise<User> {
  return unwrap(api.identity.GET('/v1/users/{userId}', { params: { path: { userId } } }));
}

/** After a change: the drawer shows the app's answer at once, and the list reloads. */
export function useUserChange<Input>(userId: string, change: (input: Input) => Promise<User>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: (user) => {
      client.setQueryData(userKey(userId), user);
      void client.invalidateQueries({ queryKey: ['users', 'list'] });
    },
  });
}
