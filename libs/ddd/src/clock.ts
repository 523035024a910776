/** The one source of time: a port, so that rules are tested with a fixed clock. */
export abstract class Clock {
  abstract now(): Date;
}

/** The wall clock, in UTC. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
