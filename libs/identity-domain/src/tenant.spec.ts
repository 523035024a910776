import { Tenant } from './tenant';
import { TenantFieldInvalid } from './tenant.errors';

const NOW = new Date('2026-12-07T10:00:00Z');

describe(Tenant.name, () => {
  it('is created with a slug id and a tidied display name', () => {
    const tenant = Tenant.create({ id: 'acme-2', displayName: '  Acme   Corp ' }, NOW);

    expect(tenant.toProps()).toEqual({ id: 'acme-2', displayName: 'Acme Corp', createdAt: NOW });
  });

  it.each([
    ['upper case', 'Acme'],
    ['a dot', 'acme.eu'],
    ['a leading dash', '-acme'],
    ['empty', ''],
    ['64 characters', 'a'.repeat(64)],
    ['a NATS wildcard', 'acme>'],
  ])('refuses an id with %s', (_case, id) => {
    expect(() => Tenant.create({ id, displayName: 'Acme' }, NOW)).toThrow(
      expect.objectContaining({
        code: 'IDENTITY.TENANT_FIELD_INVALID',
        details: expect.objectContaining({ field: 'id' }),
      }),
    );
  });

  it('accepts an id of 63 characters', () => {
    expect(Tenant.create({ id: 'a'.repeat(63), displayName: 'Long' }, NOW).id).toHaveLength(63);
  });

  it.each([
    ['blank', '   '],
    ['too long', 'x'.repeat(101)],
  ])('refuses a display name that is %s', (_case, displayName) => {
    const attempt = () => Tenant.create({ id: 'acme', displayName }, NOW);
    expect(attempt).toThrow(TenantFieldInvalid);
    expect(attempt).toThrow(/displayName/);
  });

  it('is renamed, and keeps its name when the new one is refused', () => {
    const tenant = Tenant.restore({ id: 'acme', displayName: 'Acme', createdAt: NOW });

    tenant.rename('Acme Corporation');
    expect(() => tenant.rename('')).toThrow(TenantFieldInvalid);

    expect(tenant.displayName).toBe('Acme Corporation');
  });
});
