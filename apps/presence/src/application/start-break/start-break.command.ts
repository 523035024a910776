export class StartBreakCommand {
  constructor(
    readonly tenantId: string,
    readonly agentId: string,
    readonly minutes: number,
  ) {}
}
