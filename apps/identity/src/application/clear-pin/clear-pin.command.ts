export class ClearPinCommand {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
  ) {}
}
