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

/** Twilio refused the call for good (a 4xx: a bad number, a number not owned, bad credentials). */
export class OutboundCallRefused extends Error {
  constructor(
    readonly status: number,
    readonly twilioCode: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundCallRefused';
  }
}

/**
 * Places calls through Twilio's REST API. Throws {@link OutboundCallRefused} when Twilio refuses
 * the call for good; any other failure (network, 5xx, timeout) may pass and is thrown as it is.
 */
export abstract class OutboundCalls {
  abstract place(request: OutboundCallRequest): Promise<{ callSid: string }>;
  /** Stops a call that is still queued or ringing (Twilio's `Status=canceled`); throws when Twilio refuses. */
  abstract cancel(credentials: TwilioCredentials, callSid: string): Promise<void>;
}
