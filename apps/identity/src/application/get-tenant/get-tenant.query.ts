export class GetTenantQuery {
  constructor(readonly tenantId: string) {}
}
