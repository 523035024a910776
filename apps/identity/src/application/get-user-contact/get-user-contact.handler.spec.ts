import { aUser, InMemoryUserRepository } from '@tp/fakes';
import { GetUserContactHandler } from './get-user-contact.handler';
import { GetUserContactQuery } from './get-user-contact.query';

describe(GetUserContactHandler.name, () => {
  const users = new InMemoryUserRepository().seed(
    aUser().withPstn('+12345678910').withPstn('+442079460958').build(),
    aUser().withId('user-2').named('No Phone').withEmail('np@x.io').build(),
    aUser()
      .withId('user-3')
      .named('Gone Gary')
      .withEmail('gary@x.io')
      .disabled()
      .withPstn('+14158675309')
      .build(),
  );
  const handler = new GetUserContactHandler(users);

  it("answers the user's PSTN numbers in the admin's order", async () => {
    await expect(handler.execute(new GetUserContactQuery('acme', 'user-1'))).resolves.toEqual({
      found: true,
      pstnNumbers: ['+12345678910', '+442079460958'],
    });
  });

  it('finds a user without PSTN numbers, with none', async () => {
    await expect(handler.execute(new GetUserContactQuery('acme', 'user-2'))).resolves.toEqual({
      found: true,
      pstnNumbers: [],
    });
  });

  it.each([
    ['a user nobody has', 'acme', 'user-9'],
    ["another tenant's user", 'globex', 'user-1'],
    ['a disabled user', 'acme', 'user-3'],
  ])('does not find %s', async (_case, tenantId, userId) => {
    await expect(handler.execute(new GetUserContactQuery(tenantId, userId))).resolves.toEqual({
      found: false,
    });
  });
});
