import type { TwilioCredentials } from '@tp/dispatch-domain';

export interface OutboundCallRequest {
  credentials: TwilioCredentials;
  to: string;
  from: string;
  /** Where Twilio fetches the call's TwiML once answered. */
  url: string;
  statusCallback: string;
  /** How long the phone rings before Twilio gives up (`Timeout`); the notice's 30 s unless told. */
  timeoutS?: number;
}

/**
 * Twilio error codes that refuse a call because of the number called (Twilio's error dictionary):
 * 21211 invalid 'To' number, 21214 'To' number cannot be reached, 21216 'To' number blocked,
 * 21217 number does not appear valid, 21401 invalid phone number, 13223 / 13224 invalid number
 * format / number. Everything else Twilio refuses is about our side (credentials, the account,
 * the 'From' number, geo permissions).
 */
export const TWILIO_CODES_ABOUT_THE_NUMBER: ReadonlySet<number> = new Set([
  21211, 21214, 21216, 21217, 21401, 13223, 13224,
]);

/** Twilio refused the call for good (a 4xx other than 429: a bad number, a number not owned, bad credentials). */
export class OutboundCallRefused extends Error {
  constructor(
    readonly status: number,
    readonly twilioCode: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundCallRefused';
  }

  /**
   * Whether the number called is what Twilio refused (so the person behind it cannot be reached
   * there), rather than our account or configuration (a 401 for a revoked Auth Token, a 'From'
   * number not owned, geo permissions), which is nobody's miss but ours.
   */
  get blamesTheNumber(): boolean {
    return (
      this.status === 400 && this.twilioCode !== null && TWILIO_CODES_ABOUT_THE_NUMBER.has(this.twilioCode)
    );
  }
}

/**
 * Places calls through Twilio's REST API. Throws {@link OutboundCallRefused} when Twilio refuses
 * the call for good; any other failure (network, 5xx, timeout, 429 too many requests) may pass and
 * is thrown as it is.
 */
export abstract class OutboundCalls {
  abstract place(request: OutboundCallRequest): Promise<{ callSid: string }>;
  /** Stops a call that is still queued or ringing (Twilio's `Status=canceled`); throws when Twilio refuses. */
  abstract cancel(credentials: TwilioCredentials, callSid: string): Promise<void>;
}
