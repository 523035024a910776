import type { UserStatus } from '@tp/identity-domain';

/** Disables a user (not recognised on calls any more, numbers stay reserved) or enables them again. */
export class SetUserStatusCommand {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
    readonly status: UserStatus,
  ) {}
}
