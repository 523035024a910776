export class RenameTenantCommand {
  constructor(
    readonly tenantId: string,
    readonly displayName: string,
  ) {}
}
