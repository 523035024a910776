import { aUser, FixedClock } from '@tp/fakes';
import {
  EMAIL_MAX_LENGTH,
  Extension,
  ExtensionNotFound,
  IdentityFieldInvalid,
  NumberTaken,
  Skills,
  TimeZone,
  User,
  UserLimitReached,
  UserStateInvalid,
  USER_NAME_MAX_LENGTH,
  type NewUser,
} from './index';

const clock = new FixedClock('2026-01-15T09:00:00.000Z');
const now = clock.now();
const at = now.toISOString();

const newUser: NewUser = {
  tenantId: 'acme',
  id: 'u-1',
  name: ' John Smith ',
  email: 'John.Smith@Example.com',
  skills: [{ name: 'Spanish', proficiency: 7 }],
  extensions: [{ id: 'x-1', type: 'pstn', number: '+1-234-567-8910', description: 'John Smith - mobile' }],
};

function fieldOf(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    if (error instanceof IdentityFieldInvalid) return error.field;
    throw error;
  }
  throw new Error('accepted');
}

describe(User.name, () => {
  describe('creating', () => {
    it('starts active, without PIN, at version 1, and records user-created with everything', () => {
      const user = User.create(newUser, now);

      expect(user.toSnapshot()).toEqual({
        tenantId: 'acme',
        id: 'u-1',
        name: 'John Smith',
        email: 'john.smith@example.com',
        timeZone: null,
        status: 'active',
        pinHash: null,
        skills: [{ name: 'Spanish', proficiency: 7 }],
        extensions: [
          { id: 'x-1', type: 'pstn', number: '+12345678910', ext: null, description: 'John Smith - mobile' },
        ],
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      expect(user.storedVersion).toBe(0);
      expect(user.pullEvents()).toEqual([
        {
          type: 'user-created',
          tenantId: 'acme',
          userId: 'u-1',
          version: 1,
          occurredAt: at,
          name: 'John Smith',
          email: 'john.smith@example.com',
          timeZone: null,
          status: 'active',
          hasPin: false,
          skills: [{ name: 'Spanish', proficiency: 7 }],
          extensions: [
            {
              id: 'x-1',
              type: 'pstn',
              number: '+12345678910',
              ext: null,
              description: 'John Smith - mobile',
            },
          ],
        },
      ]);
      expect(user.storedVersion).toBe(1);
    });

    it.each<[string, Partial<NewUser>, string]>([
      ['an empty name', { name: '  ' }, 'name'],
      ['a name of 201 characters', { name: 'n'.repeat(201) }, 'name'],
      ['a name with a line break', { name: 'Ann\nSmith' }, 'name'],
      ['an email without @', { email: 'ann.example.com' }, 'email'],
      ['an email without a domain dot', { email: 'ann@example' }, 'email'],
      ['an email far too long', { email: `${'a'.repeat(250)}@example.com` }, 'email'],
      ['an unknown time zone', { timeZone: 'Mars/Base' }, 'timeZone'],
      ['a bad skill', { skills: [{ name: 'x', proficiency: 12 }] }, 'skills.0.proficiency'],
      [
        'a bad number in the second extension',
        {
          extensions: [
            { id: 'a', type: 'pstn', number: '+14158675309' },
            { id: 'b', type: 'pstn', number: '+1 234' },
          ],
        },
        'extensions.1.number',
      ],
      [
        'the same number twice',
        {
          extensions: [
            { id: 'a', type: 'pstn', number: '+14158675309' },
            { id: 'b', type: 'pstn', number: '+1 (415) 867-5309' },
          ],
        },
        'extensions.1.number',
      ],
    ])('refuses %s, naming the field', (_case, change, field) => {
      expect(fieldOf(() => User.create({ ...newUser, ...change }, now))).toBe(field);
    });

    it('takes at most 20 extensions', () => {
      const extensions = Array.from({ length: 21 }, (_, i) => ({
        id: `x-${i}`,
        type: 'pstn' as const,
        number: `+1415200${String(1000 + i)}`,
      }));

      expect(() => User.create({ ...newUser, extensions }, now)).toThrow(UserLimitReached);
      expect(User.create({ ...newUser, extensions: extensions.slice(0, 20) }, now).extensions).toHaveLength(
        20,
      );
    });

    it('keeps an own time zone in its canonical spelling', () => {
      expect(User.create({ ...newUser, timeZone: 'europe/berlin' }, now).timeZone).toBe('Europe/Berlin');
    });
  });

  describe('time zone', () => {
    it.each<[string | null, string]>([
      [null, 'America/Chicago'],
      ['Europe/Berlin', 'Europe/Berlin'],
    ])('with own zone %p speaks %p when the tenant default is America/Chicago', (own, effective) => {
      const user = aUser().inTimeZone(own).build();

      expect(user.effectiveTimeZone(TimeZone.of('America/Chicago')).name).toBe(effective);
    });
  });

  describe('updating the profile', () => {
    it('records one user-updated naming what changed, one version up', () => {
      const user = aUser().atVersion(4).build();

      user.updateProfile({ name: 'Ann Smith', email: 'ANN@example.com', timeZone: 'Europe/Paris' }, now);

      expect(user.pullEvents()).toEqual([
        {
          type: 'user-updated',
          tenantId: 'acme',
          userId: 'user-1',
          version: 5,
          occurredAt: at,
          changed: ['name', 'time-zone'],
          name: 'Ann Smith',
          email: 'ann@example.com',
          timeZone: 'Europe/Paris',
          hasPin: false,
        },
      ]);
      expect(user.updatedAt).toEqual(now);
    });

    it('goes back to the tenant default with timeZone null', () => {
      const user = aUser().inTimeZone('Europe/Paris').build();

      user.updateProfile({ timeZone: null }, now);

      expect(user.timeZone).toBeNull();
      expect(user.peekEvents()).toMatchObject([{ changed: ['time-zone'], timeZone: null }]);
    });

    it.each<[string, Parameters<User['updateProfile']>[0]]>([
      ['nothing', {}],
      [
        'the same values typed differently',
        { name: ' Ann Agent ', email: 'Ann@Example.com', timeZone: null },
      ],
    ])('records nothing for %s', (_case, change) => {
      const user = aUser().build();

      user.updateProfile(change, now);

      expect(user.peekEvents()).toEqual([]);
      expect(user.version).toBe(1);
    });

    it('changes nothing when one field is bad', () => {
      const user = aUser().build();

      expect(() => user.updateProfile({ name: 'New', email: 'bad' }, now)).toThrow(IdentityFieldInvalid);
      expect(user.name).toBe('Ann Agent');
      expect(user.version).toBe(1);
    });
  });

  describe('status', () => {
    it('disables and enables, each once', () => {
      const user = aUser().build();

      user.disable(now);
      user.disable(now);
      expect(user.isActive).toBe(false);
      user.enable(now);
      user.enable(now);

      expect(user.pullEvents().map((e) => [e.type, 'status' in e ? e.status : null, e.version])).toEqual([
        ['user-status-changed', 'disabled', 2],
        ['user-status-changed', 'active', 3],
      ]);
    });
  });

  describe('skills', () => {
    it('replaces them and records the whole new list', () => {
      const user = aUser().withSkills({ name: 'billing' }).build();

      user.setSkills(Skills.of([{ name: 'Spanish', proficiency: 3 }, { name: 'VIP' }]), now);

      expect(user.skills.toProps()).toEqual([
        { name: 'Spanish', proficiency: 3 },
        { name: 'VIP', proficiency: null },
      ]);
      expect(user.pullEvents()).toEqual([
        {
          type: 'user-skills-changed',
          tenantId: 'acme',
          userId: 'user-1',
          version: 2,
          occurredAt: at,
          skills: [
            { name: 'Spanish', proficiency: 3 },
            { name: 'VIP', proficiency: null },
          ],
        },
      ]);
    });

    it('records nothing when the skills are the same', () => {
      const user = aUser().withSkills({ name: 'a', proficiency: 1 }, { name: 'b' }).build();

      user.setSkills(Skills.of([{ name: 'b' }, { name: 'a', proficiency: 1 }]), now);

      expect(user.peekEvents()).toEqual([]);
    });
  });

  describe('extensions', () => {
    const pstn = (id: string, number: string) => Extension.create(id, { type: 'pstn', number });

    it('adds several and records the whole list each time', () => {
      const user = aUser().build();

      user.addExtension(pstn('x-1', '+1 415 867 5309'), now);
      user.addExtension(Extension.create('x-2', { type: 'sip', number: 'sip:ann@pbx.example.com' }), now);

      const events = user.pullEvents();
      expect(events.map((e) => [e.type, e.version])).toEqual([
        ['user-extensions-changed', 2],
        ['user-extensions-changed', 3],
      ]);
      expect(events[1]).toMatchObject({
        extensions: [
          { id: 'x-1', number: '+14158675309' },
          { id: 'x-2', number: 'sip:ann@pbx.example.com' },
        ],
      });
    });

    it('refuses a number the user already has, naming the user as owner', () => {
      const user = aUser().withPstn('+14158675309').build();

      expect(() => user.addExtension(pstn('x-9', '+1 (415) 867-5309'), now)).toThrow(
        expect.objectContaining({
          constructor: NumberTaken,
          details: { field: 'number', number: '+14158675309', ownerUserId: 'user-1', ownerName: 'Ann Agent' },
        }),
      );
    });

    it('holds at most 20', () => {
      let builder = aUser();
      for (let i = 0; i < 20; i += 1) builder = builder.withPstn(`+1415200${1000 + i}`);
      const user = builder.build();

      expect(() => user.addExtension(pstn('x-21', '+14153001000'), now)).toThrow(UserLimitReached);
    });

    it('removes one by id', () => {
      const user = aUser()
        .withPstn('+14158675309', { id: 'a' })
        .withPstn('+442079460958', { id: 'b' })
        .build();

      user.removeExtension('a', now);

      expect(user.extensions.map((e) => e.id)).toEqual(['b']);
      expect(user.peekEvents()).toMatchObject([
        { type: 'user-extensions-changed', extensions: [{ id: 'b' }] },
      ]);
    });

    it('says so when it has no extension by that id', () => {
      expect(() => aUser().build().removeExtension('nope', now)).toThrow(ExtensionNotFound);
    });
  });

  describe('PIN', () => {
    it('knows only that a hash is set', () => {
      const user = aUser().build();

      user.setPinHash('opaque', now);
      expect(user.hasPin).toBe(true);
      user.clearPin(now);
      user.clearPin(now);

      expect(user.hasPin).toBe(false);
      expect(
        user.pullEvents().map((e) => e.type === 'user-updated' && [e.changed, e.hasPin, e.version]),
      ).toEqual([
        [['pin'], true, 2],
        [['pin'], false, 3],
      ]);
    });

    it('refuses an empty hash', () => {
      expect(() => aUser().build().setPinHash('', now)).toThrow(IdentityFieldInvalid);
    });

    it('never puts the hash into an event', () => {
      const user = aUser().build();

      user.setPinHash('secret-hash', now);

      expect(JSON.stringify(user.peekEvents())).not.toContain('secret-hash');
    });
  });

  describe('restoring', () => {
    it('gives back what it stored', () => {
      const user = User.create({ ...newUser, timeZone: 'Asia/Tokyo' }, now);
      user.setPinHash('h', now);

      const restored = User.restore(user.toSnapshot());

      expect(restored.toSnapshot()).toEqual(user.toSnapshot());
      expect(restored.peekEvents()).toEqual([]);
      expect(restored.storedVersion).toBe(2);
      expect(restored.createdAt).toEqual(now);
    });

    it.each<[string, object]>([
      ['an unknown status', { status: 'gone' }],
      ['version 0', { version: 0 }],
      [
        'a number not in E.164',
        { extensions: [{ id: 'x', type: 'pstn', number: '+1 415 867 5309', ext: null, description: null }] },
      ],
      ['a bad time zone', { timeZone: 'Nowhere' }],
    ])('refuses a stored user with %s', (_case, change) => {
      const props = { ...aUser().build().toSnapshot(), ...change };

      expect(() => User.restore(props as never)).toThrow(UserStateInvalid);
    });
  });

  it('shows its parts', () => {
    const user = aUser().withSkills({ name: 'a' }).withPinHash('h').disabled().build();

    expect({
      tenantId: user.tenantId,
      id: user.id,
      name: user.name,
      email: user.email,
      status: user.status,
      isActive: user.isActive,
      hasPin: user.hasPin,
      pinHash: user.pinHash,
      skills: user.skills.keys,
      version: user.version,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    }).toEqual({
      tenantId: 'acme',
      id: 'user-1',
      name: 'Ann Agent',
      email: 'ann@example.com',
      status: 'disabled',
      isActive: false,
      hasPin: true,
      pinHash: 'h',
      skills: ['a'],
      version: 1,
      createdAt: new Date('2026-01-01T08:00:00.000Z'),
      updatedAt: new Date('2026-01-01T08:00:00.000Z'),
    });
    expect([USER_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH]).toEqual([200, 254]);
  });
});
