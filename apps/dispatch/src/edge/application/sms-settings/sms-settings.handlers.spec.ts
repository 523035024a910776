import { aMapping, FixedClock, InMemoryDispatchMappingRepository } from '@tp/fakes';
import { InMemorySmsSettings } from '../../../testing/in-memory-sms';
import {
  GetSmsSettingsHandler,
  GetSmsSettingsQuery,
  SetSmsSettingsCommand,
  SetSmsSettingsHandler,
} from './sms-settings.handlers';

function setup() {
  const settings = new InMemorySmsSettings();
  const mappings = new InMemoryDispatchMappingRepository().seed(
    aMapping().build(),
    aMapping()
      .withId('22222222-2222-4222-8222-222222222222')
      .forTenant('globex')
      .withNumber('+14155550111')
      .build(),
  );
  const clock = new FixedClock('2026-06-01T15:00:00Z');
  return {
    get: new GetSmsSettingsHandler(settings),
    set: new SetSmsSettingsHandler(settings, mappings, clock),
  };
}

describe('SMS settings', () => {
  it('are off with a 15-minute reminder until set, then as set', async () => {
    const { get, set } = setup();
    await expect(get.execute(new GetSmsSettingsQuery('acme'))).resolves.toEqual({
      enabled: false,
      reminderMinutes: 15,
      senderNumber: null,
      updatedAt: null,
    });
    await set.execute(new SetSmsSettingsCommand('acme', true, 10, '+14155550100'));
    await expect(get.execute(new GetSmsSettingsQuery('acme'))).resolves.toEqual({
      enabled: true,
      reminderMinutes: 10,
      senderNumber: '+14155550100',
      updatedAt: '2026-06-01T15:00:00.000Z',
    });
  });

  it("takes as sender only an active contact point of the tenant's own, and one at all to switch on", async () => {
    const { set } = setup();
    await expect(
      set.execute(new SetSmsSettingsCommand('acme', true, 10, '+14155550111')),
    ).rejects.toMatchObject({
      code: 'DISPATCH.SMS_SENDER_NOT_MAPPED',
    });
    await expect(set.execute(new SetSmsSettingsCommand('acme', true, 10, null))).rejects.toMatchObject({
      code: 'DISPATCH.SMS_SENDER_REQUIRED',
    });
    await expect(set.execute(new SetSmsSettingsCommand('acme', false, 10, null))).resolves.toMatchObject({
      enabled: false,
    });
  });
});
