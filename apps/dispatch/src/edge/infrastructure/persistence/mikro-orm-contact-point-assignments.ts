import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { APP_INFO, executeBound, qualifiedTable, type AppInfo } from '@tp/platform';
import {
  ContactPointAssignments,
  type ContactPointAssignment,
  type ContactPointPage,
} from '../../application/ports/contact-point-assignments.port';
import { ContactPointRecord } from './contact-point.record';

/** The platform operator's assignments in PostgreSQL (`dispatch.contact_point`, one row per number). */
@Injectable()
export class MikroOrmContactPointAssignments extends ContactPointAssignments {
  private readonly table: string;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
  ) {
    super();
    this.table = qualifiedTable(app.schema, 'contact_point');
  }

  async find(phoneNumber: string): Promise<ContactPointAssignment | null> {
    const record = await this.em.findOne(ContactPointRecord, { phoneNumber }, { disableIdentityMap: true });
    return record ? toAssignment(record) : null;
  }

  async list(filter: { tenantId?: string; limit: number; offset: number }): Promise<ContactPointPage> {
    const [records, total] = await this.em.findAndCount(
      ContactPointRecord,
      filter.tenantId === undefined ? {} : { tenantId: filter.tenantId },
      {
        orderBy: { phoneNumber: 'asc' },
        limit: filter.limit,
        offset: filter.offset,
        disableIdentityMap: true,
      },
    );
    return { items: records.map(toAssignment), total };
  }

  /** One statement: `on conflict do nothing` leaves the first assignment standing, then it is read. */
  async add(assignment: ContactPointAssignment): Promise<{ held: ContactPointAssignment; added: boolean }> {
    const inserted = await executeBound<{ phone_number: string }>(
      this.em,
      `insert into ${this.table} (phone_number, tenant_id, assigned_at, assigned_by) values (?, ?, ?, ?)
       on conflict (phone_number) do nothing returning phone_number`,
      [assignment.phoneNumber, assignment.tenantId, assignment.assignedAt, assignment.assignedBy],
    );
    const held = await this.find(assignment.phoneNumber);
    if (!held) throw new Error(`contact point ${assignment.phoneNumber} vanished while being assigned`);
    return { held, added: inserted.length === 1 };
  }

  async remove(phoneNumber: string): Promise<boolean> {
    return (await this.em.nativeDelete(ContactPointRecord, { phoneNumber })) > 0;
  }
}

function toAssignment(record: ContactPointRecord): ContactPointAssignment {
  return {
    phoneNumber: record.phoneNumber,
    tenantId: record.tenantId,
    assignedAt: record.assignedAt,
    assignedBy: record.assignedBy,
  };
}
