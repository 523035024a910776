import { inspect } from 'node:util';
import {
  parseAccountSid,
  parseAuthToken,
  Secret,
  TenantTwilioAccount,
  TwilioCredentialsInvalid,
} from './index';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'fedcba9876543210fedcba9876543210';
const T0 = new Date('2026-11-24T10:00:00Z');

describe(Secret.name, () => {
  it('gives its value only when asked', () => {
    const secret = new Secret(TOKEN);

    expect(secret.reveal()).toBe(TOKEN);
    expect(String(secret)).toBe('[redacted]');
    expect(JSON.stringify({ token: secret })).toBe('{"token":"[redacted]"}');
    expect(inspect({ token: secret })).not.toContain(TOKEN);
  });
});

describe(parseAccountSid.name, () => {
  it('takes an Account SID, trimmed', () => {
    expect(parseAccountSid(` ${SID} `)).toBe(SID);
  });

  it.each(['SK0123456789abcdef0123456789abcdef', 'AC0123', `${SID}0`, 'AC0123456789ABCDEF0123456789ABCDEF'])(
    'refuses %j without echoing it',
    (input) => {
      const attempt = () => parseAccountSid(input);
      expect(attempt).toThrow(TwilioCredentialsInvalid);
      expect(attempt).toThrow('the Account SID must be AC followed by 32 hex digits');
    },
  );
});

describe(parseAuthToken.name, () => {
  it('takes 32 hex digits as a secret', () => {
    expect(parseAuthToken(TOKEN).reveal()).toBe(TOKEN);
  });

  it('refuses anything else and never puts the value in the error', () => {
    let caught: unknown;
    try {
      parseAuthToken('not-a-token-but-a-secret');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TwilioCredentialsInvalid);
    const error = caught as TwilioCredentialsInvalid;
    expect(error.code).toBe('DISPATCH.TWILIO_CREDENTIALS_INVALID');
    expect(error.details).toEqual({ field: 'authToken', reason: 'must be 32 hex digits' });
    expect(JSON.stringify(error.details) + error.message).not.toContain('not-a-token');
  });
});

describe(TenantTwilioAccount.name, () => {
  it("holds a tenant's validated credentials", () => {
    const account = TenantTwilioAccount.set('acme', SID, TOKEN, T0);

    expect(account.credentials).toEqual({ owner: 'tenant', accountSid: SID, authToken: expect.any(Secret) });
    expect(account.credentials.authToken.reveal()).toBe(TOKEN);
    expect(account.updatedAt).toEqual(T0);
    expect(JSON.stringify(account)).not.toContain(TOKEN);
  });

  it('is restored as stored', () => {
    const account = TenantTwilioAccount.restore('acme', SID, new Secret(TOKEN), T0);
    expect([account.tenantId, account.accountSid, account.authToken.reveal()]).toEqual(['acme', SID, TOKEN]);
  });
});
