import { aUser, FixedClock, InMemoryCallerDirectory, InMemoryUserRepository } from '@tp/fakes';
import {
  CallerDirectory,
  Extension,
  NumberTaken,
  EmailTaken,
  User,
  UserChangedConcurrently,
  UserRepository,
} from '../index';

// The contract every UserRepository (and CallerDirectory) keeps, run here against the in-memory fake;
// the MikroORM adapter runs the same scenarios against PostgreSQL in its integration test.
describe(UserRepository.name, () => {
  const clock = new FixedClock('2026-01-15T09:00:00.000Z');
  let users: InMemoryUserRepository;
  const repository = (): UserRepository => users;
  const directory = (): CallerDirectory => new InMemoryCallerDirectory(users);

  beforeEach(() => {
    users = new InMemoryUserRepository();
  });

  it('gives back a saved user, and nothing to another tenant', async () => {
    const user = User.create(
      { tenantId: 'acme', id: 'u-1', name: 'Ann', email: 'ann@example.com' },
      clock.now(),
    );
    await repository().save(user);

    expect((await repository().find('acme', 'u-1'))?.toSnapshot()).toEqual(user.toSnapshot());
    expect(await repository().find('globex', 'u-1')).toBeNull();
    expect(users.outbox.map((e) => e.type)).toEqual(['user-created']);
  });

  it('saves nothing when nothing changed', async () => {
    users.seed(aUser().build());
    const user = (await repository().find('acme', 'user-1'))!;

    await repository().save(user);

    expect(users.outbox).toEqual([]);
  });

  it('refuses a change made on a stale copy', async () => {
    users.seed(aUser().build());
    const first = (await repository().find('acme', 'user-1'))!;
    const second = (await repository().find('acme', 'user-1'))!;
    first.updateProfile({ name: 'First' }, clock.now());
    second.updateProfile({ name: 'Second' }, clock.now());

    await repository().save(first);

    await expect(repository().save(second)).rejects.toBeInstanceOf(UserChangedConcurrently);
    expect((await repository().find('acme', 'user-1'))?.name).toBe('First');
  });

  it('keeps a number and an email to one user per tenant', async () => {
    users.seed(
      aUser().withPstn('+14158675309').build(),
      aUser().forTenant('globex').withPstn('+14158675310').build(),
    );
    const other = aUser().withId('user-2').named('Bob').withEmail('bob@example.com').build();
    users.seed(other);

    other.addExtension(Extension.create('x', { type: 'pstn', number: '+14158675309' }), clock.now());
    await expect(repository().save(other)).rejects.toBeInstanceOf(NumberTaken);

    const again = (await repository().find('acme', 'user-2'))!;
    again.addExtension(Extension.create('y', { type: 'pstn', number: '+14158675310' }), clock.now());
    await repository().save(again); // the same number in another tenant is fine

    const renamed = (await repository().find('acme', 'user-2'))!;
    renamed.updateProfile({ email: 'ANN@example.com' }, clock.now());
    await expect(repository().save(renamed)).rejects.toBeInstanceOf(EmailTaken);
    expect(await repository().holderOfNumber('acme', '+14158675309')).toEqual({
      userId: 'user-1',
      name: 'Ann Agent',
    });
    expect(await repository().holderOfEmail('acme', 'nobody@example.com')).toBeNull();
  });

  it('lists a tenant oldest first, page by page, filtered by skill or number', async () => {
    users.seed(
      aUser()
        .withId('c')
        .withEmail('c@x.io')
        .createdAt('2026-01-03T00:00:00Z')
        .withSkills({ name: 'Spanish' })
        .build(),
      aUser()
        .withId('a')
        .withEmail('a@x.io')
        .createdAt('2026-01-01T00:00:00Z')
        .withPstn('+14158675309')
        .build(),
      aUser()
        .withId('b')
        .withEmail('b@x.io')
        .createdAt('2026-01-01T00:00:00Z')
        .withSkills({ name: 'spanish' })
        .build(),
      aUser()
        .forTenant('globex')
        .withId('z')
        .createdAt('2026-01-01T00:00:00Z')
        .withSkills({ name: 'Spanish' })
        .build(),
    );

    const first = await repository().list({ tenantId: 'acme', limit: 2 });
    const second = await repository().list({ tenantId: 'acme', limit: 2, after: first.next! });

    expect(first.users.map((u) => u.id)).toEqual(['a', 'b']);
    expect(second.users.map((u) => u.id)).toEqual(['c']);
    expect(second.next).toBeNull();
    expect(
      (await repository().list({ tenantId: 'acme', limit: 10, skill: 'SPANISH' })).users.map((u) => u.id),
    ).toEqual(['b', 'c']);
    expect(
      (await repository().list({ tenantId: 'acme', limit: 10, number: '+14158675309' })).users.map(
        (u) => u.id,
      ),
    ).toEqual(['a']);
  });

  it('finds the caller profile by PSTN number, whatever the status', async () => {
    users.seed(
      aUser()
        .withPstn('+14158675309')
        .withSkills({ name: 'billing', proficiency: 4 })
        .withPinHash('h')
        .inTimeZone('Europe/Berlin')
        .build(),
      aUser().withId('user-2').withEmail('b@x.io').disabled().withPstn('+442079460958').build(),
    );

    expect(await directory().findByPstnNumber('acme', '+14158675309')).toEqual({
      userId: 'user-1',
      name: 'Ann Agent',
      skills: [{ name: 'billing', proficiency: 4 }],
      timeZone: 'Europe/Berlin',
      hasPin: true,
      status: 'active',
    });
    expect((await directory().findByPstnNumber('acme', '+442079460958'))?.status).toBe('disabled');
    expect(await directory().findByPstnNumber('globex', '+14158675309')).toBeNull();
  });
});
