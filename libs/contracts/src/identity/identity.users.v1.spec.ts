import {
  FindUserByPhone,
  GetTenant,
  IDENTITY_EVENTS_V1,
  makeCloudEvent,
  UserExtensionsChangedV1,
  UserSkillsChangedV1,
  VerifyPin,
} from '../index';

const base = {
  tenantId: 'acme',
  userId: '0b9e8c1e-5f7e-4a47-9d0b-1c6f1f9e2a11',
  version: 2,
  occurredAt: '2026-01-15T09:00:00.000Z',
};

describe('identity contracts v1', () => {
  it('names subjects and types by the naming rules', () => {
    expect(FindUserByPhone.subject).toBe('identity.cmd.find-user-by-phone');
    expect(VerifyPin.subject).toBe('identity.cmd.verify-pin');
    expect(UserSkillsChangedV1.type).toBe('timedpresence.identity.user-skills-changed.v1');
    expect(UserSkillsChangedV1.subjectFor('acme')).toBe('identity.evt.acme.user-skills-changed.v1');
    expect(new Set(IDENTITY_EVENTS_V1.map((e) => e.type)).size).toBe(IDENTITY_EVENTS_V1.length);
  });

  it.each([
    [
      'a found user',
      {
        found: true,
        user: { id: 'u-1', name: 'Ann', skills: [], timeZone: 'UTC', hasPin: false, status: 'active' },
      },
      true,
    ],
    ['not found', { found: false }, true],
    ['found without a user', { found: true }, false],
    [
      'a user with a PIN hash',
      {
        found: true,
        user: { id: 'u-1', name: 'A', skills: [], timeZone: 'UTC', hasPin: 'scrypt$…', status: 'active' },
      },
      false,
    ],
  ])('checks a find-user-by-phone reply: %s', (_case, reply, ok) => {
    expect(FindUserByPhone.reply.safeParse(reply).success).toBe(ok);
  });

  it.each([
    [{ tenantId: 'acme', userId: 'u-1', pin: '4711' }, true],
    [{ tenantId: 'acme', userId: 'u-1', pin: '12', callSid: 'CA1', source: 'ivr' }, true],
    [{ tenantId: 'acme', userId: 'u-1', pin: '123456789' }, false],
    [{ tenantId: 'acme', userId: 'u-1', pin: '12a4' }, false],
    [{ tenantId: 'Acme', userId: 'u-1', pin: '4711' }, false],
  ])('checks a verify-pin request %p', (request, ok) => {
    expect(VerifyPin.request.safeParse(request).success).toBe(ok);
  });

  it('wraps an extensions change in an envelope its contract accepts, and refuses a bad one', () => {
    const event = makeCloudEvent(UserExtensionsChangedV1, {
      id: 'e-1',
      source: 'timed-presence/identity',
      time: base.occurredAt,
      subject: base.userId,
      data: {
        ...base,
        extensions: [{ id: 'x-1', type: 'pstn', number: '+12345678910', ext: null, description: 'mobile' }],
      },
    });

    expect(UserExtensionsChangedV1.envelopeSchema.parse(event)).toEqual(event);
    expect(() =>
      makeCloudEvent(UserExtensionsChangedV1, {
        id: 'e-2',
        source: 's',
        time: base.occurredAt,
        subject: 'u',
        data: { ...base, version: 0, extensions: [] },
      }),
    ).toThrow();
  });
});

describe('identity tenant contract v1', () => {
  it('is served on identity.cmd.get-tenant', () => {
    expect(GetTenant.subject).toBe('identity.cmd.get-tenant');
  });

  it.each([
    [{ found: true, tenant: { id: 'acme', displayName: 'Acme Corp' } }, true],
    [{ found: false }, true],
    [{ found: true }, false],
    [{ found: true, tenant: { id: 'Acme', displayName: 'Acme' } }, false],
  ])('checks a get-tenant reply %p', (reply, ok) => {
    expect(GetTenant.reply.safeParse(reply).success).toBe(ok);
  });
});
