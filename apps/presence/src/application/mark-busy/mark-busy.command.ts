export class MarkBusyCommand {
  constructor(
    readonly tenantId: string,
    readonly agentId: string,
  ) {}
}
