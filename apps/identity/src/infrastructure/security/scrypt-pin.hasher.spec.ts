import { Pin } from '@tp/identity-domain';
import { ScryptPinHasher } from './scrypt-pin.hasher';

describe(ScryptPinHasher.name, () => {
  const hasher = new ScryptPinHasher();

  it('hashes with scrypt and a fresh salt, and verifies only the same PIN', async () => {
    const first = await hasher.hash(Pin.of('4711'));
    const second = await hasher.hash(Pin.of('4711'));

    expect(first).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(second).not.toBe(first);
    expect(first).not.toContain('4711');
    await expect(hasher.verify('4711', first)).resolves.toBe(true);
    await expect(hasher.verify('4711', second)).resolves.toBe(true);
    await expect(hasher.verify('4712', first)).resolves.toBe(false);
    await expect(hasher.verify('47110', first)).resolves.toBe(false);
  });

  it.each([
    ['an empty text', ''],
    ['another algorithm', 'bcrypt$2b$10$abc'],
    [
      'a cost that is not a power of two',
      'scrypt$1000$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=',
    ],
    [
      'a cost far too high',
      `scrypt$${2 ** 24}$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=`,
    ],
    ['a short salt', 'scrypt$16384$8$1$c2E=$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U='],
    ['missing parts', 'scrypt$16384$8$1'],
  ])('answers false for a hash it cannot read (%s)', async (_case, hash) => {
    await expect(hasher.verify('4711', hash)).resolves.toBe(false);
  });
});
