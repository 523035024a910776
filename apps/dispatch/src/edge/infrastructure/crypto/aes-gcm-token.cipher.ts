import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Secret } from '@tp/dispatch-domain';

const VERSION = 'v1';

/**
 * Seals the tenants' Twilio Auth Tokens with AES-256-GCM (a random 96-bit IV each time, a 128-bit
 * tag). The tenant id is bound in as additional data, so a ciphertext copied to another tenant's
 * row does not open. Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url); the version leaves room
 * for a key rotation.
 */
export class AesGcmTokenCipher {
  private readonly key: Buffer;

  constructor(keyBase64: Secret) {
    this.key = Buffer.from(keyBase64.reveal(), 'base64');
    if (this.key.length !== 32) throw new Error('the token encryption key must be 32 bytes');
  }

  seal(token: Secret, tenantId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(tenantId, 'utf8'));
    const sealed = Buffer.concat([cipher.update(token.reveal(), 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), sealed]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** Throws when the value was not sealed with this key for this tenant (or was altered). */
  open(sealed: string, tenantId: string): Secret {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined)
      throw new Error('not a sealed token of a known version');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(tenantId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const token = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
    return new Secret(token.toString('utf8'));
  }
}
