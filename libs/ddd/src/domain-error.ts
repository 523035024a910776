/**
 * What kind of failure a domain error is. Each transport translates the kind once
 * (HTTP status, NATS reply, TwiML apology); domain code never picks a status itself.
 */
export type DomainErrorKind = 'invalid' | 'not-found' | 'conflict' | 'forbidden' | 'unavailable';

/** A broken business rule, with a stable code that reads `CONTEXT.REASON`. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;

  protected constructor(
    message: string,
    /** Machine-readable details, for example the field that was rejected. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
