export class GetPresenceQuery {
  constructor(
    readonly tenantId: string,
    readonly agentId: string,
  ) {}
}
