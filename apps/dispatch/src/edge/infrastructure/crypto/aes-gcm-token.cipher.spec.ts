import { Secret } from '@tp/dispatch-domain';
import { AesGcmTokenCipher } from './aes-gcm-token.cipher';

const KEY = new Secret(Buffer.alloc(32, 1).toString('base64'));
const TOKEN = new Secret('fedcba9876543210fedcba9876543210');

describe(AesGcmTokenCipher.name, () => {
  const cipher = new AesGcmTokenCipher(KEY);

  it('opens what it sealed for the same tenant', () => {
    const sealed = cipher.seal(TOKEN, 'acme');

    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(TOKEN.reveal());
    expect(cipher.open(sealed, 'acme').reveal()).toBe(TOKEN.reveal());
  });

  it('seals the same token differently each time (a fresh IV)', () => {
    expect(cipher.seal(TOKEN, 'acme')).not.toBe(cipher.seal(TOKEN, 'acme'));
  });

  it("does not open another tenant's token, an altered one, or one sealed with another key", () => {
    const sealed = cipher.seal(TOKEN, 'acme');
    const [v, iv, tag, data] = sealed.split('.');
    const flipped = `${data.startsWith('A') ? 'B' : 'A'}${data.slice(1)}`;

    expect(() => cipher.open(sealed, 'globex')).toThrow();
    expect(() => cipher.open([v, iv, tag, flipped].join('.'), 'acme')).toThrow();
    expect(() =>
      new AesGcmTokenCipher(new Secret(Buffer.alloc(32, 2).toString('base64'))).open(sealed, 'acme'),
    ).toThrow();
    expect(() => cipher.open('v0.a.b.c', 'acme')).toThrow('not a sealed token of a known version');
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new AesGcmTokenCipher(new Secret(Buffer.alloc(16).toString('base64')))).toThrow('32 bytes');
  });
});
