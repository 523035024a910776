import {
  EmailTaken,
  ExtensionNotFound,
  IdentityFieldInvalid,
  NumberTaken,
  PinNotSet,
  UserChangedConcurrently,
  UserLimitReached,
  UserNotFound,
  UserStateInvalid,
} from './index';

describe('identity errors', () => {
  const owner = { userId: 'u-1', name: 'John Smith' };

  it.each([
    [
      new IdentityFieldInvalid('number', 'is bad', '+1'),
      'IDENTITY.FIELD_INVALID',
      'invalid',
      { field: 'number', rule: 'is bad', value: '+1' },
    ],
    [
      new IdentityFieldInvalid('pin', 'is bad'),
      'IDENTITY.FIELD_INVALID',
      'invalid',
      { field: 'pin', rule: 'is bad' },
    ],
    [new UserNotFound('u-9'), 'IDENTITY.USER_NOT_FOUND', 'not-found', { userId: 'u-9' }],
    [
      new ExtensionNotFound('u-1', 'x-9'),
      'IDENTITY.EXTENSION_NOT_FOUND',
      'not-found',
      { userId: 'u-1', extensionId: 'x-9' },
    ],
    [
      new NumberTaken('+12345678910', owner),
      'IDENTITY.NUMBER_TAKEN',
      'conflict',
      { field: 'number', number: '+12345678910', ownerUserId: 'u-1', ownerName: 'John Smith' },
    ],
    [
      new EmailTaken('john@example.com', owner),
      'IDENTITY.EMAIL_TAKEN',
      'conflict',
      { field: 'email', email: 'john@example.com', ownerUserId: 'u-1', ownerName: 'John Smith' },
    ],
    [
      new UserLimitReached('skills', 100),
      'IDENTITY.LIMIT_REACHED',
      'invalid',
      { field: 'skills', limit: 100 },
    ],
    [new UserChangedConcurrently('u-1'), 'IDENTITY.CONCURRENT_CHANGE', 'conflict', { userId: 'u-1' }],
    [new PinNotSet('u-1'), 'IDENTITY.PIN_NOT_SET', 'conflict', { userId: 'u-1' }],
    [
      new UserStateInvalid('u-1', 'broken'),
      'IDENTITY.STATE_INVALID',
      'invalid',
      { userId: 'u-1', problem: 'broken' },
    ],
  ])('%s carries its code, kind and details', (error, code, kind, details) => {
    expect(error.code).toBe(code);
    expect(error.kind).toBe(kind);
    expect(error.details).toEqual(details);
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('names the owner of a taken number in its message', () => {
    expect(new NumberTaken('+12345678910', owner).message).toBe(
      '+12345678910 already belongs to John Smith (user u-1)',
    );
  });
});
