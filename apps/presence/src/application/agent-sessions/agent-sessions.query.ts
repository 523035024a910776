export class AgentSessionsQuery {
  constructor(
    readonly tenantId: string,
    readonly agentId: string,
    readonly limit: number,
    readonly offset: number,
  ) {}
}
