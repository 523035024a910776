import {
  FlowCheckUnavailable,
  MappingChangedConcurrently,
  MappingNotFound,
  PhoneNumberTaken,
  PlatformTwilioAccountNotConfigured,
  TenantTwilioAccountInUse,
  TenantTwilioAccountNotSet,
} from './index';

describe('dispatch errors', () => {
  it.each([
    [new MappingNotFound('m-1'), 'DISPATCH.MAPPING_NOT_FOUND', 'not-found'],
    [new PhoneNumberTaken('+14155550100'), 'DISPATCH.PHONE_NUMBER_TAKEN', 'conflict'],
    [new MappingChangedConcurrently('m-1', 2), 'DISPATCH.MAPPING_CHANGED_CONCURRENTLY', 'conflict'],
    [new FlowCheckUnavailable('flow-1', 'no answer'), 'DISPATCH.FLOW_CHECK_UNAVAILABLE', 'unavailable'],
    [new TenantTwilioAccountNotSet(), 'DISPATCH.TWILIO_ACCOUNT_NOT_SET', 'conflict'],
    [new PlatformTwilioAccountNotConfigured(), 'DISPATCH.PLATFORM_ACCOUNT_NOT_CONFIGURED', 'conflict'],
    [new TenantTwilioAccountInUse(2), 'DISPATCH.TWILIO_ACCOUNT_IN_USE', 'conflict'],
  ])('%s has code %s and kind %s', (error, code, kind) => {
    expect(error.code).toBe(code);
    expect(error.kind).toBe(kind);
  });

  it('says a number is taken without naming who holds it', () => {
    const error = new PhoneNumberTaken('+14155550100');
    expect(error.details).toEqual({ phoneNumber: '+14155550100' });
    expect(error.message).toBe(
      'the phone number +14155550100 is already mapped; a number dispatches to one flow only',
    );
  });
});
