/** How to reach a user by phone (identity knows). */
export abstract class AgentContacts {
  /** The user's PSTN numbers in the admin's order, or null when the tenant has no such (enabled) user. */
  abstract pstnNumbersOf(tenantId: string, userId: string): Promise<string[] | null>;
}
