import { DispatchMapping, type NewDispatchMapping } from '@tp/dispatch-domain';

/**
 * Test data: a dispatch mapping, by default acme's active voice contact point +14155550100 to
 * `flow-1` on the platform account, created 2026-11-24T09:00Z.
 *
 *     const mapping = aMapping().forTenant('globex').withNumber('+14155550111').inactive().build();
 */
export class DispatchMappingBuilder {
  private input: NewDispatchMapping = {
    id: '11111111-1111-4111-8111-111111111111',
    tenantId: 'acme',
    name: 'Agents - Timed Presence login',
    phoneNumber: '+14155550100',
    flowId: 'flow-1',
    twilioAccount: 'platform',
    active: true,
  };
  private createdAt = new Date('2026-11-24T09:00:00Z');

  withId(id: string): this {
    this.input = { ...this.input, id };
    return this;
  }
  forTenant(tenantId: string): this {
    this.input = { ...this.input, tenantId };
    return this;
  }
  named(name: string): this {
    this.input = { ...this.input, name };
    return this;
  }
  withNumber(phoneNumber: string): this {
    this.input = { ...this.input, phoneNumber };
    return this;
  }
  toFlow(flowId: string): this {
    this.input = { ...this.input, flowId };
    return this;
  }
  onTenantAccount(): this {
    this.input = { ...this.input, twilioAccount: 'tenant' };
    return this;
  }
  inactive(): this {
    this.input = { ...this.input, active: false };
    return this;
  }
  createdAtTime(at: Date): this {
    this.createdAt = at;
    return this;
  }

  /** A mapping as stored (version 1). */
  build(): DispatchMapping {
    return DispatchMapping.restore(DispatchMapping.create(this.input, this.createdAt).mapping.toSnapshot());
  }
}

export const aMapping = (): DispatchMappingBuilder => new DispatchMappingBuilder();
