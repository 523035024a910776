import { applyCallStatus, CallLog, type CallProgress, type CallRecord } from '@tp/dispatch-domain';

/** Calls in memory, status reports applied by the domain's rule. */
export class InMemoryCallLog extends CallLog {
  readonly calls = new Map<string, CallRecord>();

  find(callSid: string): Promise<CallRecord | null> {
    return Promise.resolve(this.calls.get(callSid) ?? null);
  }

  record(call: CallRecord): Promise<void> {
    const known = this.calls.get(call.callSid);
    this.calls.set(call.callSid, known ? { ...known, sessionId: known.sessionId ?? call.sessionId } : call);
    return Promise.resolve();
  }

  applyStatus(callSid: string, report: CallProgress, now: Date): Promise<CallProgress | null> {
    const call = this.calls.get(callSid);
    if (!call) return Promise.resolve(null);
    const next = applyCallStatus(call.progress, report);
    if (next) this.calls.set(callSid, { ...call, progress: next, updatedAt: now });
    return Promise.resolve(next ?? call.progress);
  }
}
