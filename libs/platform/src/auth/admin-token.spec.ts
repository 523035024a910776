import { JwtService } from '@nestjs/jwt';
import { InvalidCredential, mintAdminToken, verifyAdminToken } from './admin-token';

const SECRET = 's'.repeat(40);
const ISSUER = 'timed-presence';

describe('admin credentials', () => {
  it('round-trips the tenant and the holder', () => {
    const token = mintAdminToken(SECRET, {
      tenantId: 'acme',
      subject: 'alice',
      issuer: ISSUER,
      ttlSeconds: 60,
    });

    expect(verifyAdminToken(SECRET, token, ISSUER)).toMatchObject({
      tid: 'acme',
      sub: 'alice',
      scope: 'admin',
    });
  });

  it.each([
    [
      'another secret',
      () =>
        mintAdminToken('x'.repeat(40), { tenantId: 'acme', subject: 'a', issuer: ISSUER, ttlSeconds: 60 }),
      /invalid signature/,
    ],
    [
      'another issuer',
      () => mintAdminToken(SECRET, { tenantId: 'acme', subject: 'a', issuer: 'evil', ttlSeconds: 60 }),
      /issuer/,
    ],
    [
      'an expired token',
      () => mintAdminToken(SECRET, { tenantId: 'acme', subject: 'a', issuer: ISSUER, ttlSeconds: -10 }),
      /expired/,
    ],
    ['garbage', () => 'not.a.token', /invalid|malformed/],
    [
      'a token without an expiry',
      () =>
        new JwtService().sign({ tid: 'acme', sub: 'a', scope: 'admin' }, { secret: SECRET, issuer: ISSUER }),
      /no expiry/,
    ],
    [
      'a token living longer than 30 days',
      () =>
        new JwtService().sign(
          { tid: 'acme', sub: 'a', scope: 'admin' },
          { secret: SECRET, issuer: ISSUER, expiresIn: 30 * 86400 + 60 },
        ),
      /lifetime/,
    ],
    [
      'a token without an issue time',
      () =>
        new JwtService().sign(
          { tid: 'acme', sub: 'a', scope: 'admin' },
          { secret: SECRET, issuer: ISSUER, expiresIn: 60, noTimestamp: true },
        ),
      /issue time/,
    ],
    [
      'no scope',
      () => new JwtService().sign({ tid: 'acme', sub: 'a' }, { secret: SECRET, issuer: ISSUER }),
      /not an admin credential/,
    ],
    [
      'no tenant',
      () => new JwtService().sign({ sub: 'a', scope: 'admin' }, { secret: SECRET, issuer: ISSUER }),
      /no tenant/,
    ],
    [
      'alg none',
      () =>
        `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"tid":"acme","scope":"admin","iss":"timed-presence"}').toString('base64url')}.`,
      /./,
    ],
  ])('rejects %s', (_name, token, reason) => {
    const attempt = () => verifyAdminToken(SECRET, token(), ISSUER);
    expect(attempt).toThrow(InvalidCredential);
    expect(attempt).toThrow(reason);
  });

  it('mints and accepts a credential of the longest lifetime, 30 days, and refuses to mint a longer one', () => {
    const mint = (ttlSeconds: number) =>
      mintAdminToken(SECRET, { tenantId: 'acme', subject: 'a', issuer: ISSUER, ttlSeconds });

    expect(verifyAdminToken(SECRET, mint(30 * 86400), ISSUER)).toMatchObject({ tid: 'acme' });
    expect(() => mint(30 * 86400 + 1)).toThrow(/at most 30 days/);
  });

  it('refuses to mint a credential for a tenant id that is not subject-safe', () => {
    expect(() =>
      mintAdminToken(SECRET, { tenantId: 'ACME.>', subject: 'a', issuer: ISSUER, ttlSeconds: 60 }),
    ).toThrow(InvalidCredential);
  });
});
