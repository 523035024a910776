export class RemoveExtensionCommand {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
    readonly extensionId: string,
  ) {}
}
