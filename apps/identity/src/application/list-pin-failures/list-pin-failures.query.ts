export class ListPinFailuresQuery {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
    readonly limit = 50,
  ) {}
}
