import type { ProfileChange } from '@tp/identity-domain';

export class UpdateUserCommand {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
    /** Absent fields stay; `timeZone: null` goes back to the tenant default. */
    readonly change: ProfileChange,
  ) {}
}
