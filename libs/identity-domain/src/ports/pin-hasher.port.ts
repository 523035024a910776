import type { Pin } from '../pin';

/**
 * Turns a PIN into a salted slow hash and checks a PIN against one. The hash is opaque to the
 * domain: a user only knows whether one is set.
 */
export abstract class PinHasher {
  abstract hash(pin: Pin): Promise<string>;
  /** True when `pin` matches `hash`; compares in constant time. False for a hash it cannot read. */
  abstract verify(pin: string, hash: string): Promise<boolean>;
}
