export class MarkAvailableCommand {
  constructor(
    readonly tenantId: string,
    readonly agentId: string,
  ) {}
}
