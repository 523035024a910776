export class FindUserByPhoneQuery {
  constructor(
    readonly tenantId: string,
    /** As typed or as Twilio sends `From`; normalised to E.164 first. */
    readonly phone: string,
    /** Disabled users count as not found unless this is set. */
    readonly includeDisabled = false,
  ) {}
}
