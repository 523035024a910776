/** Who the agents of a tenant are: identity's users (a disabled user is no agent). */
export abstract class AgentDirectory {
  /** Whether `agentId` is an enabled user of `tenantId`; throws `AgentDirectoryUnavailable` when it cannot tell. */
  abstract isAgent(tenantId: string, agentId: string): Promise<boolean>;
}
