/** An admin puts an agent online for N hours from now (reason `admin`). */
export class ForceOnlineCommand {
  constructor(
    readonly tenantId: string,
    readonly agentId: string,
    readonly hours: number,
  ) {}
}
