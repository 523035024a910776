/** Thrown by a handler for a failure that may pass (a peer down): the message is redelivered later. */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs = 1000,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

/** Thrown by a handler for a message that can never succeed: it is terminated, not redelivered. */
export class PoisonMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}
