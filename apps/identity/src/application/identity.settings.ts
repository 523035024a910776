import { TimeZone } from '@tp/identity-domain';

/** What the identity use cases are configured with (an injection token and its value). */
export class IdentitySettings {
  constructor(
    /** The tenant default: the zone of users who have none of their own. */
    readonly defaultTimeZone: TimeZone,
  ) {}
}
