import { UserNotFound, type User, type UserRepository } from '@tp/identity-domain';

/** The user of the tenant, or {@link UserNotFound} (also for another tenant's id: 404, never 403). */
export async function loadUser(users: UserRepository, tenantId: string, userId: string): Promise<User> {
  const user = await users.find(tenantId, userId);
  if (user === null) throw new UserNotFound(userId);
  return user;
}
