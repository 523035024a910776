import {
  DispatchMapping,
  DispatchMappingRepository,
  MappingChangedConcurrently,
  PhoneNumberTaken,
  type MappingPage,
} from '@tp/dispatch-domain';

/**
 * Mappings in memory, with the store's rules: a phone number is unique across all tenants, a save
 * or delete must find the version the mapping was read at, reads are scoped by tenant.
 */
export class InMemoryDispatchMappingRepository extends DispatchMappingRepository {
  private readonly rows = new Map<string, ReturnType<DispatchMapping['toSnapshot']>>();
  private ids = 0;

  seed(...mappings: DispatchMapping[]): this {
    for (const mapping of mappings) this.rows.set(mapping.id, mapping.toSnapshot());
    return this;
  }

  nextId(): string {
    this.ids += 1;
    return `00000000-0000-4000-8000-${String(this.ids).padStart(12, '0')}`;
  }

  find(tenantId: string, mappingId: string): Promise<DispatchMapping | null> {
    const row = this.rows.get(mappingId);
    return Promise.resolve(row && row.tenantId === tenantId ? DispatchMapping.restore(row) : null);
  }

  findByPhoneNumber(phoneNumber: string): Promise<DispatchMapping | null> {
    const row = [...this.rows.values()].find((r) => r.phoneNumber === phoneNumber);
    return Promise.resolve(row ? DispatchMapping.restore(row) : null);
  }

  findByFlow(tenantId: string, flowId: string): Promise<DispatchMapping[]> {
    return Promise.resolve(
      [...this.rows.values()]
        .filter((r) => r.tenantId === tenantId && r.flowId === flowId)
        .map((r) => DispatchMapping.restore(r)),
    );
  }

  countUsingTenantAccount(tenantId: string): Promise<number> {
    return Promise.resolve(
      [...this.rows.values()].filter((r) => r.tenantId === tenantId && r.twilioAccount === 'tenant').length,
    );
  }

  list(tenantId: string, page: { limit: number; offset: number }): Promise<MappingPage> {
    const all = [...this.rows.values()]
      .filter((r) => r.tenantId === tenantId)
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id.localeCompare(b.id));
    return Promise.resolve({
      items: all.slice(page.offset, page.offset + page.limit).map((r) => DispatchMapping.restore(r)),
      total: all.length,
    });
  }

  save(mapping: DispatchMapping): Promise<void> {
    const stored = this.rows.get(mapping.id);
    if ((stored?.version ?? 0) !== mapping.storedVersion)
      return Promise.reject(new MappingChangedConcurrently(mapping.id, mapping.storedVersion));
    const holder = [...this.rows.values()].find(
      (r) => r.phoneNumber === mapping.phoneNumber && r.id !== mapping.id,
    );
    if (holder) return Promise.reject(new PhoneNumberTaken(mapping.phoneNumber));
    this.rows.set(mapping.id, mapping.toSnapshot());
    return Promise.resolve();
  }

  delete(mapping: DispatchMapping): Promise<void> {
    if (this.rows.get(mapping.id)?.version !== mapping.storedVersion)
      return Promise.reject(new MappingChangedConcurrently(mapping.id, mapping.storedVersion));
    this.rows.delete(mapping.id);
    return Promise.resolve();
  }
}
