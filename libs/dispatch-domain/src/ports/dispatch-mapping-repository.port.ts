import type { DispatchMapping } from '../dispatch-mapping';

export interface MappingPage {
  readonly items: DispatchMapping[];
  readonly total: number;
}

/**
 * Where mappings are kept. Admin reads are scoped by tenant (another tenant's id finds nothing);
 * {@link findByPhoneNumber} looks across tenants, as a number belongs to one tenant only.
 */
export abstract class DispatchMappingRepository {
  abstract nextId(): string;
  abstract find(tenantId: string, mappingId: string): Promise<DispatchMapping | null>;
  /** The mapping of a contact point (E.164), in whichever tenant; active or not. */
  abstract findByPhoneNumber(phoneNumber: string): Promise<DispatchMapping | null>;
  /** The tenant's mappings to a flow, active or not. */
  abstract findByFlow(tenantId: string, flowId: string): Promise<DispatchMapping[]>;
  /** How many of the tenant's mappings use its own Twilio account. */
  abstract countUsingTenantAccount(tenantId: string): Promise<number>;
  /** A page of the tenant's mappings, by name then id. */
  abstract list(tenantId: string, page: { limit: number; offset: number }): Promise<MappingPage>;
  /**
   * Inserts or updates. Throws {@link PhoneNumberTaken} when another mapping (of any tenant) has
   * the number, {@link MappingChangedConcurrently} when the stored version is not
   * {@link DispatchMapping.storedVersion}.
   */
  abstract save(mapping: DispatchMapping): Promise<void>;
  /** Removes it if still at its stored version; otherwise {@link MappingChangedConcurrently}. */
  abstract delete(mapping: DispatchMapping): Promise<void>;
}
