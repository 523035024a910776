import { PinHasher, type Pin } from '@tp/identity-domain';

/**
 * A PIN hasher for unit tests: fast and readable (`fake-hash:<n>:<digits reversed>`), a new "salt"
 * (counter) each time like the real one, so setting the same PIN twice gives two hashes.
 */
export class FakePinHasher extends PinHasher {
  private count = 0;

  hash(pin: Pin): Promise<string> {
    this.count += 1;
    return Promise.resolve(`fake-hash:${this.count}:${[...pin.reveal()].reverse().join('')}`);
  }

  verify(pin: string, hash: string): Promise<boolean> {
    const match = /^fake-hash:\d+:(\d+)$/.exec(hash);
    return Promise.resolve(match !== null && [...pin].reverse().join('') === match[1]);
  }
}
