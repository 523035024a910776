import { Clock } from '@tp/ddd';

/** A clock that stands still until a test moves it. */
export class FixedClock extends Clock {
  private current: Date;

  constructor(at: Date | string = '2026-01-15T09:00:00.000Z') {
    super();
    this.current = new Date(at);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at);
  }

  advanceBy(ms: number): Date {
    this.current = new Date(this.current.getTime() + ms);
    return this.now();
  }

  advanceHours(hours: number): Date {
    return this.advanceBy(hours * 3_600_000);
  }
}
