import { TimeZone } from '@tp/identity-domain';
import { aUser, InMemoryCallerDirectory, InMemoryUserRepository } from '@tp/fakes';
import { IdentitySettings } from '../identity.settings';
import { FindUserByPhoneHandler } from './find-user-by-phone.handler';
import { FindUserByPhoneQuery } from './find-user-by-phone.query';

describe(FindUserByPhoneHandler.name, () => {
  const users = new InMemoryUserRepository().seed(
    aUser()
      .withPstn('+12345678910')
      .withSkills({ name: 'Spanish', proficiency: 7 }, { name: 'billing' })
      .withPinHash('h')
      .build(),
    aUser()
      .withId('user-2')
      .named('Berlin Bob')
      .withEmail('bob@x.io')
      .inTimeZone('Europe/Berlin')
      .withPstn('+442079460958')
      .build(),
    aUser()
      .withId('user-3')
      .named('Gone Gary')
      .withEmail('gary@x.io')
      .disabled()
      .withPstn('+14158675309')
      .build(),
  );
  const handler = new FindUserByPhoneHandler(
    new InMemoryCallerDirectory(users),
    new IdentitySettings(TimeZone.of('America/New_York')),
  );

  it.each(['+1-234-567-8910', '+12345678910', ' +1 (234) 567.8910 '])(
    'finds the owner of %p',
    async (phone) => {
      await expect(handler.execute(new FindUserByPhoneQuery('acme', phone))).resolves.toEqual({
        found: true,
        user: {
          id: 'user-1',
          name: 'Ann Agent',
          skills: [
            { name: 'Spanish', proficiency: 7 },
            { name: 'billing', proficiency: null },
          ],
          timeZone: 'America/New_York',
          hasPin: true,
          status: 'active',
        },
      });
    },
  );

  it("answers with the user's own time zone", async () => {
    await expect(
      handler.execute(new FindUserByPhoneQuery('acme', '+44 20 7946 0958')),
    ).resolves.toMatchObject({
      user: { id: 'user-2', timeZone: 'Europe/Berlin', hasPin: false },
    });
  });

  it.each([
    ['a withheld caller ID', 'anonymous'],
    ['a client identity', 'client:alice'],
    ['an empty caller ID', ''],
    ['a number nobody has', '+14155550100'],
    ['a number of another tenant', '+12345678910', 'globex'],
    ['a disabled user', '+14158675309'],
  ])('does not find %s', async (_case, phone, tenant = 'acme') => {
    await expect(handler.execute(new FindUserByPhoneQuery(tenant, phone))).resolves.toEqual({ found: false });
  });

  it('finds a disabled user when asked to, saying so', async () => {
    await expect(
      handler.execute(new FindUserByPhoneQuery('acme', '+14158675309', true)),
    ).resolves.toMatchObject({
      found: true,
      user: { id: 'user-3', status: 'disabled' },
    });
  });
});
