import {
  ExtensionNotFound,
  IdentityFieldInvalid,
  NumberTaken,
  PinInvalid,
  TimeZone,
  UserNotFound,
} from '@tp/identity-domain';
import { aUser, FakePinHasher, FixedClock, InMemoryPinFailureLog, InMemoryUserRepository } from '@tp/fakes';
import { AddExtensionCommand } from './add-extension/add-extension.command';
import { AddExtensionHandler } from './add-extension/add-extension.handler';
import { ClearPinCommand } from './clear-pin/clear-pin.command';
import { ClearPinHandler } from './clear-pin/clear-pin.handler';
import { GetUserHandler } from './get-user/get-user.handler';
import { GetUserQuery } from './get-user/get-user.query';
import { IdentitySettings } from './identity.settings';
import { ListPinFailuresHandler } from './list-pin-failures/list-pin-failures.handler';
import { ListPinFailuresQuery } from './list-pin-failures/list-pin-failures.query';
import { RemoveExtensionCommand } from './remove-extension/remove-extension.command';
import { RemoveExtensionHandler } from './remove-extension/remove-extension.handler';
import { SetPinCommand } from './set-pin/set-pin.command';
import { SetPinHandler } from './set-pin/set-pin.handler';
import { SetSkillsCommand } from './set-skills/set-skills.command';
import { SetSkillsHandler } from './set-skills/set-skills.handler';
import { SetUserStatusCommand } from './set-user-status/set-user-status.command';
import { SetUserStatusHandler } from './set-user-status/set-user-status.handler';
import { UpdateUserCommand } from './update-user/update-user.command';
import { UpdateUserHandler } from './update-user/update-user.handler';
import { VerifyPinCommand } from './verify-pin/verify-pin.command';
import { VerifyPinHandler } from './verify-pin/verify-pin.handler';

describe('user administration handlers', () => {
  const settings = new IdentitySettings(TimeZone.UTC);
  let clock: FixedClock;
  let users: InMemoryUserRepository;
  let hasher: FakePinHasher;
  let failures: InMemoryPinFailureLog;

  beforeEach(() => {
    clock = new FixedClock('2026-01-15T09:00:00.000Z');
    users = new InMemoryUserRepository().seed(
      aUser().withPstn('+12345678910', { id: 'x-1' }).build(),
      aUser().withId('user-2').named('Bob Other').withEmail('bob@x.io').withPstn('+14158675309').build(),
    );
    hasher = new FakePinHasher();
    failures = new InMemoryPinFailureLog();
  });

  const types = () => users.outbox.map((e) => e.type);

  it('reads a user of the tenant, and nobody of another tenant', async () => {
    const get = new GetUserHandler(users, settings);

    await expect(get.execute(new GetUserQuery('acme', 'user-1'))).resolves.toMatchObject({
      id: 'user-1',
      timeZone: 'UTC',
    });
    await expect(get.execute(new GetUserQuery('globex', 'user-1'))).rejects.toBeInstanceOf(UserNotFound);
  });

  it('updates the profile and records user-updated', async () => {
    const view = await new UpdateUserHandler(users, clock, settings).execute(
      new UpdateUserCommand('acme', 'user-1', { name: 'Ann Smith', timeZone: 'Europe/Rome' }),
    );

    expect(view).toMatchObject({
      name: 'Ann Smith',
      timeZone: 'Europe/Rome',
      timeZoneSource: 'user',
      version: 2,
    });
    expect(users.outbox).toMatchObject([{ type: 'user-updated', changed: ['name', 'time-zone'] }]);
  });

  it('refuses an unknown time zone, naming the field', async () => {
    await expect(
      new UpdateUserHandler(users, clock, settings).execute(
        new UpdateUserCommand('acme', 'user-1', { timeZone: 'Nowhere/Town' }),
      ),
    ).rejects.toMatchObject({ constructor: IdentityFieldInvalid, field: 'timeZone' });
  });

  it('disables and enables, recording each status change once', async () => {
    const handler = new SetUserStatusHandler(users, clock, settings);

    await handler.execute(new SetUserStatusCommand('acme', 'user-1', 'disabled'));
    const view = await handler.execute(new SetUserStatusCommand('acme', 'user-1', 'disabled'));
    await handler.execute(new SetUserStatusCommand('acme', 'user-1', 'active'));

    expect(view.status).toBe('disabled');
    expect(users.outbox.map((e) => ('status' in e ? e.status : null))).toEqual(['disabled', 'active']);
  });

  it('adds several extensions and removes one', async () => {
    const add = new AddExtensionHandler(users, clock, settings);

    await add.execute(
      new AddExtensionCommand('acme', 'user-1', { type: 'pstn', number: '+44 20 7946 0958', ext: '7' }),
    );
    const view = await add.execute(
      new AddExtensionCommand('acme', 'user-1', {
        type: 'sip',
        number: 'sip:ann@pbx.example.com',
        description: 'desk',
      }),
    );
    await new RemoveExtensionHandler(users, clock).execute(
      new RemoveExtensionCommand('acme', 'user-1', 'x-1'),
    );

    expect(view.extensions.map((e) => e.number)).toEqual([
      '+12345678910',
      '+442079460958',
      'sip:ann@pbx.example.com',
    ]);
    expect((await users.find('acme', 'user-1'))?.extensions.map((e) => e.number)).toEqual([
      '+442079460958',
      'sip:ann@pbx.example.com',
    ]);
    expect(types()).toEqual([
      'user-extensions-changed',
      'user-extensions-changed',
      'user-extensions-changed',
    ]);
  });

  it("refuses another user's number, naming the owner", async () => {
    await expect(
      new AddExtensionHandler(users, clock, settings).execute(
        new AddExtensionCommand('acme', 'user-1', { type: 'pstn', number: '+1 415 867 5309' }),
      ),
    ).rejects.toMatchObject({
      constructor: NumberTaken,
      details: { ownerUserId: 'user-2', ownerName: 'Bob Other' },
    });
  });

  it('says which extension it cannot find', async () => {
    await expect(
      new RemoveExtensionHandler(users, clock).execute(new RemoveExtensionCommand('acme', 'user-1', 'x-9')),
    ).rejects.toBeInstanceOf(ExtensionNotFound);
  });

  it('replaces the skills', async () => {
    const view = await new SetSkillsHandler(users, clock, settings).execute(
      new SetSkillsCommand('acme', 'user-1', [{ name: 'Spanish', proficiency: 9 }, { name: 'VIP' }]),
    );

    expect(view.skills).toEqual([
      { name: 'Spanish', proficiency: 9 },
      { name: 'VIP', proficiency: null },
    ]);
    expect(types()).toEqual(['user-skills-changed']);
  });

  it('sets a PIN as a hash that verifies, and clears it', async () => {
    await new SetPinHandler(users, hasher, clock).execute(new SetPinCommand('acme', 'user-1', '4711'));
    const stored = await users.find('acme', 'user-1');
    const verify = new VerifyPinHandler(users, failures, hasher, clock);

    expect(stored?.hasPin).toBe(true);
    expect(stored?.pinHash).not.toContain('4711');
    await expect(verify.execute(new VerifyPinCommand('acme', 'user-1', '4711'))).resolves.toEqual({
      result: 'ok',
    });

    await new ClearPinHandler(users, clock).execute(new ClearPinCommand('acme', 'user-1'));
    expect((await users.find('acme', 'user-1'))?.hasPin).toBe(false);
    expect(users.outbox.map((e) => e.type === 'user-updated' && e.hasPin)).toEqual([true, false]);
    expect(JSON.stringify(users.outbox)).not.toContain('4711');
  });

  it('refuses a PIN that is not 4 to 8 digits, before looking for the user', async () => {
    await expect(
      new SetPinHandler(users, hasher, clock).execute(new SetPinCommand('globex', 'nobody', '12')),
    ).rejects.toBeInstanceOf(PinInvalid);
    expect(JSON.stringify(new SetPinCommand('acme', 'user-1', '4711'))).not.toContain('4711');
  });

  it('shows the failed PIN attempts and the lock', async () => {
    await new SetPinHandler(users, hasher, clock).execute(new SetPinCommand('acme', 'user-1', '4711'));
    const verify = new VerifyPinHandler(users, failures, hasher, clock);
    for (let i = 0; i < 5; i += 1)
      await verify.execute(new VerifyPinCommand('acme', 'user-1', '0000', `CA${i}`));

    const view = await new ListPinFailuresHandler(users, failures, clock).execute(
      new ListPinFailuresQuery('acme', 'user-1', 3),
    );

    expect(view).toEqual({
      lockedUntil: '2026-01-15T09:15:00.000Z',
      failures: [
        {
          at: '2026-01-15T09:00:00.000Z',
          outcome: 'wrong',
          callSid: expect.stringMatching(/^CA\d$/),
          source: 'ivr',
        },
        {
          at: '2026-01-15T09:00:00.000Z',
          outcome: 'wrong',
          callSid: expect.stringMatching(/^CA\d$/),
          source: 'ivr',
        },
        {
          at: '2026-01-15T09:00:00.000Z',
          outcome: 'wrong',
          callSid: expect.stringMatching(/^CA\d$/),
          source: 'ivr',
        },
      ],
    });
    await expect(
      new ListPinFailuresHandler(users, failures, clock).execute(
        new ListPinFailuresQuery('globex', 'user-1'),
      ),
    ).rejects.toBeInstanceOf(UserNotFound);
  });
});
