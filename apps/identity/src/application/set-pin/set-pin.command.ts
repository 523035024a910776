/** Sets a user's PIN. `pin` is the only place the digits travel; it is hashed at once. */
export class SetPinCommand {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
    readonly pin: string,
  ) {}

  /** Never print the PIN, even when a command is logged. */
  toJSON(): object {
    return { tenantId: this.tenantId, userId: this.userId, pin: '[PIN]' };
  }
}
