/** The skill names of a tenant's users, read without loading the users. */
export abstract class UserSkills {
  /** The tenant's users among `userIds` (others are left out), each with their skill names. */
  abstract of(tenantId: string, userIds: readonly string[]): Promise<{ userId: string; skills: string[] }[]>;
}
