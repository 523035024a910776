import type { ExtensionInput } from '@tp/identity-domain';

export class AddExtensionCommand {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
    readonly extension: ExtensionInput,
  ) {}
}
