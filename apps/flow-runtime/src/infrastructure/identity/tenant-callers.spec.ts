import type { CallerEntryV1 } from '@tp/contracts';
import { TenantCallers } from './tenant-callers';

const ADA: CallerEntryV1 = {
  userId: 'u-ada',
  version: 3,
  name: 'Ada Lovelace',
  timeZone: 'Europe/London',
  hasPin: false,
  status: 'active',
  numbers: ['+15550100001'],
};

describe(TenantCallers.name, () => {
  let callers: TenantCallers;

  beforeEach(() => {
    callers = new TenantCallers([ADA]);
  });

  it('finds a user by any of their numbers, and nobody by another', () => {
    expect(callers.byPhone('+15550100001')?.userId).toBe('u-ada');
    expect(callers.byPhone('+15550100999')).toBeNull();
  });

  it('applies the next change of a user: a new number, a time zone and a PIN, a status', () => {
    expect(callers.apply({ kind: 'numbers', userId: 'u-ada', version: 4, numbers: ['+15550100002'] })).toBe(
      'applied',
    );
    expect(
      callers.apply({
        kind: 'updated',
        userId: 'u-ada',
        version: 5,
        name: 'Ada King',
        timeZone: 'America/New_York',
        hasPin: true,
      }),
    ).toBe('applied');
    expect(callers.apply({ kind: 'status', userId: 'u-ada', version: 6, status: 'disabled' })).toBe(
      'applied',
    );

    expect(callers.byPhone('+15550100001')).toBeNull();
    expect(callers.byPhone('+15550100002')).toMatchObject({
      name: 'Ada King',
      timeZone: 'America/New_York',
      hasPin: true,
      status: 'disabled',
      version: 6,
    });
  });

  it('ignores a change it already has (a redelivery, or one the snapshot included)', () => {
    expect(callers.apply({ kind: 'numbers', userId: 'u-ada', version: 3, numbers: [] })).toBe('stale');
    expect(callers.byPhone('+15550100001')?.userId).toBe('u-ada');
  });

  it.each([
    ['a version skipped', { kind: 'other', userId: 'u-ada', version: 5 } as const],
    ['a change of a user it never heard of', { kind: 'other', userId: 'u-grace', version: 2 } as const],
  ])('says a change was missed on %s', (_case, change) => {
    expect(callers.apply(change)).toBe('gap');
  });

  it('adds a created user, and a number moving between users ends with its new owner whatever the order', () => {
    expect(
      callers.apply({
        kind: 'created',
        caller: { ...ADA, userId: 'u-grace', version: 1, numbers: ['+15550100001'] },
      }),
    ).toBe('applied');
    expect(callers.byPhone('+15550100001')?.userId).toBe('u-grace');

    callers.apply({ kind: 'numbers', userId: 'u-ada', version: 4, numbers: [] }); // Ada's removal, later

    expect(callers.byPhone('+15550100001')?.userId).toBe('u-grace');
    expect(callers.size).toBe(2);
  });
});
