import type { CallProgress } from '../call-progress';
import type { CallRecord } from '../call-record';

/** The calls that went through dispatch, by CallSid. */
export abstract class CallLog {
  abstract find(callSid: string): Promise<CallRecord | null>;
  /**
   * Records a call once (a retried webhook finds it there and changes nothing but a missing
   * session id).
   */
  abstract record(call: CallRecord): Promise<void>;
  /**
   * Applies a status report by the rule of {@link applyCallStatus}, atomically against concurrent
   * reports; answers the progress now stored, or null when the call is unknown.
   */
  abstract applyStatus(callSid: string, report: CallProgress, now: Date): Promise<CallProgress | null>;
}
