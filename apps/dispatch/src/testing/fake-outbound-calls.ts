import type { TwilioCredentials } from '@tp/dispatch-domain';
import { OutboundCalls, type OutboundCallRequest } from '../common/ports/outbound-calls.port';

/**
 * Twilio's REST calls as the application sees them: each placed call recorded and given the next
 * CallSid (`CA000...01`, `CA000...02`, ...), each cancel recorded. `failNextPlaces` makes the next
 * requests to place a call fail, one error each, in order; `cancelFailure` fails every cancel.
 */
export class FakeOutboundCalls extends OutboundCalls {
  readonly placed: (OutboundCallRequest & { callSid: string })[] = [];
  readonly cancelled: { accountSid: string; callSid: string }[] = [];
  cancelFailure: Error | null = null;
  private readonly placeFailures: Error[] = [];
  private calls = 0;

  failNextPlaces(...errors: Error[]): this {
    this.placeFailures.push(...errors);
    return this;
  }

  place(request: OutboundCallRequest): Promise<{ callSid: string }> {
    const failure = this.placeFailures.shift();
    if (failure) return Promise.reject(failure);
    const callSid = `CA${String(++this.calls).padStart(32, '0')}`;
    this.placed.push({ ...request, callSid });
    return Promise.resolve({ callSid });
  }

  cancel(credentials: TwilioCredentials, callSid: string): Promise<void> {
    if (this.cancelFailure) return Promise.reject(this.cancelFailure);
    this.cancelled.push({ accountSid: credentials.accountSid, callSid });
    return Promise.resolve();
  }
}
