import { IdentityFieldInvalid, TimeZone } from '@tp/identity-domain';
import { aUser, InMemoryUserRepository } from '@tp/fakes';
import { IdentitySettings } from '../identity.settings';
import { ListUsersHandler } from './list-users.handler';
import { ListUsersQuery } from './list-users.query';
import { encodeCursor } from './user-cursor';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe(ListUsersHandler.name, () => {
  const users = new InMemoryUserRepository();
  for (let n = 1; n <= 5; n += 1) {
    users.seed(
      aUser()
        .withId(id(n))
        .withEmail(`u${n}@x.io`)
        .createdAt(`2026-01-0${n}T00:00:00.000Z`)
        .withSkills({ name: n % 2 === 0 ? 'Spanish' : 'billing' })
        .withPstn(`+1415200000${n}`)
        .build(),
    );
  }
  users.seed(aUser().forTenant('globex').withId(id(9)).withSkills({ name: 'Spanish' }).build());
  const handler = new ListUsersHandler(users, new IdentitySettings(TimeZone.UTC));
  const list = (filter: Partial<ListUsersQuery['filter']> = {}) =>
    handler.execute(new ListUsersQuery('acme', { limit: 50, ...filter }));

  it('pages through the tenant oldest first with an opaque cursor', async () => {
    const first = await list({ limit: 2 });
    const second = await list({ limit: 2, cursor: first.nextCursor! });
    const third = await list({ limit: 2, cursor: second.nextCursor! });

    expect([first, second, third].map((p) => p.items.map((u) => u.id))).toEqual([
      [id(1), id(2)],
      [id(3), id(4)],
      [id(5)],
    ]);
    expect(third.nextCursor).toBeNull();
    expect(first.nextCursor).toBe(
      encodeCursor({ createdAt: new Date('2026-01-02T00:00:00.000Z'), id: id(2) }),
    );
  });

  it('filters by skill ignoring case, within the tenant', async () => {
    expect((await list({ skill: 'spanish' })).items.map((u) => u.id)).toEqual([id(2), id(4)]);
  });

  it.each(['+1 415-200-0003', '+14152000003'])('filters by number %p, normalised', async (number) => {
    expect((await list({ number })).items.map((u) => u.id)).toEqual([id(3)]);
  });

  it.each([
    ['a cursor that is not base64 JSON', { cursor: '!!!' }, 'cursor'],
    ['a cursor of the wrong shape', { cursor: Buffer.from('{"a":1}').toString('base64url') }, 'cursor'],
    [
      'a cursor with a bad date',
      { cursor: Buffer.from(JSON.stringify(['never', id(1)])).toString('base64url') },
      'cursor',
    ],
    ['a number that is none', { number: '+1 415' }, 'number'],
  ])('refuses %s, naming the field', async (_case, filter, field) => {
    await expect(list(filter)).rejects.toMatchObject({ constructor: IdentityFieldInvalid, field });
  });
});
