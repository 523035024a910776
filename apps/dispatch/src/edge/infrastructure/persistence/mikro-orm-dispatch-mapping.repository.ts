import { randomUUID } from 'node:crypto';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  DispatchMapping,
  DispatchMappingRepository,
  MappingChangedConcurrently,
  PhoneNumberTaken,
  type InteractionType,
  type MappingPage,
  type MappingType,
  type TwilioAccountOwner,
} from '@tp/dispatch-domain';
import {
  APP_INFO,
  NotifiedCache,
  PgStatements,
  qualifiedTable,
  RowChanges,
  type AppInfo,
} from '@tp/platform';
import { DispatchMappingRecord } from './dispatch-mapping.record';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Mappings in PostgreSQL (schema `dispatch`). Reads bypass the identity map, so a mapping is always
 * rebuilt from its row; a write is one statement guarded by the version it was read at. The unique
 * index on the phone number settles two tenants racing for one number. The mapping of a number is
 * read on every new call, so each replica keeps the rows it read by number until a committed change
 * of the row tells it otherwise (ADR 30); each read still builds a mapping of its own.
 */
@Injectable()
export class MikroOrmDispatchMappingRepository extends DispatchMappingRepository {
  private readonly sql: PgStatements;
  private readonly byPhoneNumber: { name: string; text: string };
  private readonly rowsByNumber: NotifiedCache<MappingRow | null>;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
    changes: RowChanges,
  ) {
    super();
    this.sql = new PgStatements(em);
    this.rowsByNumber = changes.cache('mapping');
    this.byPhoneNumber = {
      name: `${app.schema}_mapping_by_phone_number`,
      text: `select id, tenant_id, name, name_key, description, interaction_type, mapping_type, phone_number, flow_id,
                    twilio_account, active, version, created_at, updated_at
               from ${qualifiedTable(app.schema, 'dispatch_mapping')} where phone_number = $1`,
    };
  }

  nextId(): string {
    return randomUUID();
  }

  async find(tenantId: string, mappingId: string): Promise<DispatchMapping | null> {
    if (!UUID.test(mappingId)) return null;
    const record = await this.em.findOne(
      DispatchMappingRecord,
      { tenantId, id: mappingId },
      { disableIdentityMap: true },
    );
    return record ? toMapping(record) : null;
  }

  /** On the path of every new call (its Voice URL): a prepared statement (see {@link PgStatements}). */
  async findByPhoneNumber(phoneNumber: string): Promise<DispatchMapping | null> {
    const row = await this.rowsByNumber.get(
      phoneNumber,
      async () =>
        (await this.sql.query<MappingRow>({ ...this.byPhoneNumber, values: [phoneNumber] }))[0] ?? null,
    );
    return row
      ? toMapping({
          id: row.id,
          tenantId: row.tenant_id,
          name: row.name,
          nameKey: row.name_key,
          description: row.description,
          interactionType: row.interaction_type,
          mappingType: row.mapping_type,
          phoneNumber: row.phone_number,
          flowId: row.flow_id,
          twilioAccount: row.twilio_account,
          active: row.active,
          version: Number(row.version),
          createdAt: new Date(row.created_at),
          updatedAt: new Date(row.updated_at),
        })
      : null;
  }

  async findByFlow(tenantId: string, flowId: string): Promise<DispatchMapping[]> {
    const records = await this.em.find(
      DispatchMappingRecord,
      { tenantId, flowId },
      { orderBy: { createdAt: 'asc', id: 'asc' }, disableIdentityMap: true },
    );
    return records.map(toMapping);
  }

  countUsingTenantAccount(tenantId: string): Promise<number> {
    return this.em.count(DispatchMappingRecord, { tenantId, twilioAccount: 'tenant' });
  }

  async list(tenantId: string, page: { limit: number; offset: number }): Promise<MappingPage> {
    const [records, total] = await this.em.findAndCount(
      DispatchMappingRecord,
      { tenantId },
      {
        orderBy: { nameKey: 'asc', id: 'asc' },
        limit: page.limit,
        offset: page.offset,
        disableIdentityMap: true,
      },
    );
    return { items: records.map(toMapping), total };
  }

  async save(mapping: DispatchMapping): Promise<void> {
    const expected = mapping.storedVersion;
    if (expected === mapping.version) return; // nothing changed
    const row = toRecord(mapping);
    try {
      if (expected === 0) {
        await this.em.insert(DispatchMappingRecord, row);
        return;
      }
      const { id, tenantId, createdAt: _createdAt, ...columns } = row;
      const touched = await this.em.nativeUpdate(
        DispatchMappingRecord,
        { id, tenantId, version: expected },
        columns,
      );
      if (touched !== 1) throw new MappingChangedConcurrently(mapping.id, expected);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        if (/dispatch_mapping_phone_number_unique/.test(error.message))
          throw new PhoneNumberTaken(mapping.phoneNumber);
        throw new MappingChangedConcurrently(mapping.id, expected);
      }
      throw error;
    } finally {
      this.rowsByNumber.clear(); // the number may have changed: this replica forgets both at once
    }
  }

  async delete(mapping: DispatchMapping): Promise<void> {
    const removed = await this.em.nativeDelete(DispatchMappingRecord, {
      id: mapping.id,
      tenantId: mapping.tenantId,
      version: mapping.storedVersion,
    });
    this.rowsByNumber.forget(mapping.phoneNumber);
    if (removed !== 1) throw new MappingChangedConcurrently(mapping.id, mapping.storedVersion);
  }
}

interface MappingRow {
  id: string;
  tenant_id: string;
  name: string;
  name_key: string;
  description: string | null;
  interaction_type: string;
  mapping_type: string;
  phone_number: string;
  flow_id: string;
  twilio_account: string;
  active: boolean;
  version: number;
  created_at: string | Date;
  updated_at: string | Date;
}

function toMapping(record: DispatchMappingRecord): DispatchMapping {
  return DispatchMapping.restore({
    id: record.id,
    tenantId: record.tenantId,
    name: record.name,
    description: record.description,
    interactionType: record.interactionType as InteractionType,
    mappingType: record.mappingType as MappingType,
    phoneNumber: record.phoneNumber,
    flowId: record.flowId,
    twilioAccount: record.twilioAccount as TwilioAccountOwner,
    active: record.active,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  });
}

function toRecord(mapping: DispatchMapping): DispatchMappingRecord {
  const snapshot = mapping.toSnapshot();
  return { ...snapshot, nameKey: snapshot.name.toLowerCase() };
}
