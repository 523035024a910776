export class CreateTenantCommand {
  constructor(
    readonly tenantId: string,
    readonly displayName: string,
  ) {}
}
