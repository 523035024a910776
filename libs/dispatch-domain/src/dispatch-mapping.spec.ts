import {
  DispatchMapping,
  MappingFieldInvalid,
  MappingVersionMismatch,
  type NewDispatchMapping,
} from './index';

const T0 = new Date('2026-11-24T10:00:00Z');
const T1 = new Date('2026-11-24T11:00:00Z');

const input = (extra: Partial<NewDispatchMapping> = {}): NewDispatchMapping => ({
  id: 'm-1',
  tenantId: 'acme',
  name: 'Support - Timed Presence login',
  phoneNumber: '+1-234-567-8910',
  flowId: 'flow-1',
  ...extra,
});

describe(DispatchMapping.name, () => {
  describe('create', () => {
    it('holds a voice contact point on the platform account, active, at version 1', () => {
      const { mapping, change } = DispatchMapping.create(input(), T0);

      expect(mapping.toSnapshot()).toEqual({
        id: 'm-1',
        tenantId: 'acme',
        name: 'Support - Timed Presence login',
        description: null,
        interactionType: 'voice',
        mappingType: 'contact-point',
        phoneNumber: '+12345678910',
        flowId: 'flow-1',
        twilioAccount: 'platform',
        active: true,
        version: 1,
        createdAt: T0,
        updatedAt: T0,
      });
      expect(mapping.storedVersion).toBe(0);
      expect(mapping.acceptsCalls).toBe(true);
      expect(change).toMatchObject({
        flowToCheck: 'flow-1',
        needsTenantAccount: false,
        needsPlatformAccount: true,
      });
    });

    it("asks for the tenant's own account when told to, and may start inactive", () => {
      const { mapping, change } = DispatchMapping.create(
        input({ twilioAccount: 'tenant', active: false, description: 'for agents' }),
        T0,
      );

      expect(mapping.twilioAccount).toBe('tenant');
      expect(mapping.description).toBe('for agents');
      expect(mapping.acceptsCalls).toBe(false);
      expect(change.needsTenantAccount).toBe(true);
      expect(change.needsPlatformAccount).toBe(false);
    });

    it('refuses a bad field, naming it', () => {
      expect(() => DispatchMapping.create(input({ interactionType: 'chat' }), T0)).toThrow(
        MappingFieldInvalid,
      );
      expect(() => DispatchMapping.create(input({ phoneNumber: '555-0100' }), T0)).toThrow(
        /phone number is not an E.164/,
      );
    });
  });

  describe('change', () => {
    const stored = () =>
      DispatchMapping.restore({ ...DispatchMapping.create(input(), T0).mapping.toSnapshot(), version: 3 });

    it('changes nothing, and keeps the version, when nothing differs', () => {
      const mapping = stored();

      const change = mapping.change(
        { name: ' Support - Timed Presence login ', phoneNumber: '+12345678910' },
        T1,
      );

      expect(change).toEqual({
        changed: [],
        flowToCheck: null,
        needsTenantAccount: false,
        needsPlatformAccount: false,
      });
      expect(mapping.version).toBe(3);
      expect(mapping.updatedAt).toEqual(T0);
    });

    it('names what changed and grows the version once', () => {
      const mapping = stored();

      const change = mapping.change(
        { name: 'Renamed', description: 'now described', phoneNumber: '+1 415 555 0100' },
        T1,
      );

      expect(change.changed).toEqual(['name', 'description', 'phoneNumber']);
      expect(change.flowToCheck).toBeNull();
      expect(mapping.version).toBe(4);
      expect(mapping.storedVersion).toBe(3);
      expect(mapping.phoneNumber).toBe('+14155550100');
      expect(mapping.updatedAt).toEqual(T1);
      expect(mapping.createdAt).toEqual(T0);
    });

    it('checks a new flow, and the flow of a mapping switched back on', () => {
      const moved = stored();
      expect(moved.change({ flowId: 'flow-2' }, T1).flowToCheck).toBe('flow-2');

      const paused = stored();
      expect(paused.change({ active: false }, T1).flowToCheck).toBeNull();
      expect(paused.acceptsCalls).toBe(false);
      expect(paused.change({ active: true }, T1).flowToCheck).toBe('flow-1');
    });

    it('tells which account a switch of accounts now needs', () => {
      const mapping = stored();
      expect(mapping.change({ twilioAccount: 'tenant' }, T1)).toMatchObject({
        needsTenantAccount: true,
        needsPlatformAccount: false,
      });
      expect(mapping.change({ twilioAccount: 'platform' }, T1)).toMatchObject({
        needsTenantAccount: false,
        needsPlatformAccount: true,
      });
    });

    it('leaves the mapping as it was when a field is refused', () => {
      const mapping = stored();

      expect(() => mapping.change({ name: 'ok', flowId: 'bad id' }, T1)).toThrow(MappingFieldInvalid);
      expect(mapping.name).toBe('Support - Timed Presence login');
      expect(mapping.version).toBe(3);
    });
  });

  it('refuses an edit over a version the admin has not seen', () => {
    const mapping = DispatchMapping.restore({
      ...DispatchMapping.create(input(), T0).mapping.toSnapshot(),
      version: 2,
    });

    expect(() => mapping.assertVersion(undefined)).not.toThrow();
    expect(() => mapping.assertVersion(2)).not.toThrow();
    expect(() => mapping.assertVersion(1)).toThrow(MappingVersionMismatch);
  });

  it('shows its fields', () => {
    const { mapping } = DispatchMapping.create(input(), T0);
    expect([
      mapping.id,
      mapping.tenantId,
      mapping.interactionType,
      mapping.mappingType,
      mapping.flowId,
    ]).toEqual(['m-1', 'acme', 'voice', 'contact-point', 'flow-1']);
  });
});
