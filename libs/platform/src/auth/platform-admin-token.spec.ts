import { JwtService } from '@nestjs/jwt';
import { InvalidCredential, mintAdminToken, verifyAdminToken } from './admin-token';
import {
  mintPlatformAdminToken,
  NotPlatformCredential,
  verifyPlatformAdminToken,
} from './platform-admin-token';

const SECRET = 's'.repeat(40);
const ISSUER = 'timed-presence';

describe('platform admin credentials', () => {
  it('round-trips the holder with the platform scope', () => {
    const token = mintPlatformAdminToken(SECRET, { subject: 'ops', issuer: ISSUER, ttlSeconds: 60 });

    expect(verifyPlatformAdminToken(SECRET, token, ISSUER)).toMatchObject({ sub: 'ops', scope: 'platform' });
  });

  it('is not a tenant credential', () => {
    const token = mintPlatformAdminToken(SECRET, { subject: 'ops', issuer: ISSUER, ttlSeconds: 60 });

    expect(() => verifyAdminToken(SECRET, token, ISSUER)).toThrow(/not an admin credential/);
  });

  it('tells a tenant credential apart from a broken one', () => {
    const tenant = mintAdminToken(SECRET, { tenantId: 'acme', subject: 'a', issuer: ISSUER, ttlSeconds: 60 });

    expect(() => verifyPlatformAdminToken(SECRET, tenant, ISSUER)).toThrow(NotPlatformCredential);
  });

  it.each([
    [
      'another secret',
      mintPlatformAdminToken('x'.repeat(40), { subject: 'a', issuer: ISSUER, ttlSeconds: 60 }),
    ],
    ['another issuer', mintPlatformAdminToken(SECRET, { subject: 'a', issuer: 'evil', ttlSeconds: 60 })],
    ['an expired one', mintPlatformAdminToken(SECRET, { subject: 'a', issuer: ISSUER, ttlSeconds: -10 })],
    [
      'one without expiry',
      new JwtService().sign({ sub: 'a', scope: 'platform' }, { secret: SECRET, issuer: ISSUER }),
    ],
  ])('refuses %s', (_case, token) => {
    const attempt = () => verifyPlatformAdminToken(SECRET, token, ISSUER);

    expect(attempt).toThrow(InvalidCredential);
    expect(attempt).not.toThrow(NotPlatformCredential);
  });
});
