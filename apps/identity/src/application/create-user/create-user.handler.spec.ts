import { FixedClock, InMemoryUserRepository, aUser } from '@tp/fakes';
import { IdentityFieldInvalid, NumberTaken, EmailTaken, TimeZone } from '@tp/identity-domain';
import { IdentitySettings } from '../identity.settings';
import { CreateUserCommand } from './create-user.command';
import { CreateUserHandler } from './create-user.handler';

describe(CreateUserHandler.name, () => {
  const clock = new FixedClock('2026-01-15T09:00:00.000Z');
  let users: InMemoryUserRepository;
  let handler: CreateUserHandler;

  beforeEach(() => {
    users = new InMemoryUserRepository();
    handler = new CreateUserHandler(users, clock, new IdentitySettings(TimeZone.of('America/Chicago')));
  });

  it('creates an active user with normalised extensions, and records user-created', async () => {
    const view = await handler.execute(
      new CreateUserCommand('acme', {
        name: 'John Smith',
        email: 'John@Example.com',
        skills: [{ name: 'Spanish', proficiency: 7 }],
        extensions: [
          { type: 'pstn', number: '+1-234-567-8910', description: 'John Smith - mobile' },
          { type: 'pstn', number: '+44 20 7946 0958', ext: '12' },
        ],
      }),
    );

    expect(view).toMatchObject({
      name: 'John Smith',
      email: 'john@example.com',
      timeZone: 'America/Chicago',
      timeZoneSource: 'tenant-default',
      status: 'active',
      hasPin: false,
      skills: [{ name: 'Spanish', proficiency: 7 }],
      extensions: [
        { type: 'pstn', number: '+12345678910', ext: null, description: 'John Smith - mobile' },
        { type: 'pstn', number: '+442079460958', ext: '12', description: null },
      ],
      version: 1,
      createdAt: '2026-01-15T09:00:00.000Z',
    });
    expect(view.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await users.find('acme', view.id))?.toSnapshot().extensions).toHaveLength(2);
    expect(users.outbox).toMatchObject([{ type: 'user-created', userId: view.id, version: 1 }]);
  });

  it("keeps the user's own time zone", async () => {
    const view = await handler.execute(
      new CreateUserCommand('acme', { name: 'A', email: 'a@example.com', timeZone: 'Europe/Berlin' }),
    );

    expect([view.timeZone, view.timeZoneSource]).toEqual(['Europe/Berlin', 'user']);
  });

  it('refuses a number another user of the tenant holds, naming the owner, and creates nothing', async () => {
    users.seed(aUser().withId('owner-1').named('Jane Owner').withPstn('+12345678910').build());

    await expect(
      handler.execute(
        new CreateUserCommand('acme', {
          name: 'B',
          email: 'b@example.com',
          extensions: [{ type: 'pstn', number: '+1 (234) 567-8910' }],
        }),
      ),
    ).rejects.toMatchObject({
      constructor: NumberTaken,
      details: { number: '+12345678910', ownerUserId: 'owner-1', ownerName: 'Jane Owner' },
    });
    expect(users.outbox).toEqual([]);
  });

  it('lets another tenant use the same number and email', async () => {
    users.seed(aUser().withPstn('+12345678910').build());

    const view = await handler.execute(
      new CreateUserCommand('globex', {
        name: 'Ann Agent',
        email: 'ann@example.com',
        extensions: [{ type: 'pstn', number: '+12345678910' }],
      }),
    );

    expect(view.extensions[0]?.number).toBe('+12345678910');
  });

  it('refuses an email the tenant already has', async () => {
    users.seed(aUser().withEmail('ann@example.com').build());

    await expect(
      handler.execute(new CreateUserCommand('acme', { name: 'Other Ann', email: 'ANN@example.com' })),
    ).rejects.toBeInstanceOf(EmailTaken);
  });

  it('names the field of a bad number', async () => {
    await expect(
      handler.execute(
        new CreateUserCommand('acme', {
          name: 'B',
          email: 'b@example.com',
          extensions: [{ type: 'pstn', number: '+1 234' }],
        }),
      ),
    ).rejects.toMatchObject({ constructor: IdentityFieldInvalid, field: 'extensions.0.number' });
  });
});
