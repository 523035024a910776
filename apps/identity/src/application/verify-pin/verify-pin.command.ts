export class VerifyPinCommand {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
    /** What the caller keyed in; never stored, logged or returned. */
    readonly pin: string,
    readonly callSid: string | null = null,
    readonly source = 'ivr',
  ) {}

  /** Never print the PIN, even when a command is logged. */
  toJSON(): object {
    return {
      tenantId: this.tenantId,
      userId: this.userId,
      pin: '[PIN]',
      callSid: this.callSid,
      source: this.source,
    };
  }
}
