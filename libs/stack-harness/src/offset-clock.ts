import { Clock } from '@tp/ddd';

/**
 * The real clock moved by a fixed offset: set it to an instant and it reads that instant now and
 * runs on at real speed from there. For a stack that must live through a moment other than today
 * (a daylight-saving night) while its timeouts, RPC deadlines and retries, which run on real
 * elapsed time and not on the {@link Clock} port, behave as they always do.
 */
export class OffsetClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** From this moment on, the clock reads `at` and runs on from there. */
  setTo(at: Date | string): void {
    const target = new Date(at).getTime();
    if (Number.isNaN(target)) throw new Error(`not an instant: ${String(at)}`);
    this.offsetMs = target - Date.now();
  }

  /** Back to the real time. */
  reset(): void {
    this.offsetMs = 0;
  }
}
