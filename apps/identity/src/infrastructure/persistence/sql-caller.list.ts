import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { UserStatus } from '@tp/identity-domain';
import { qualifiedTable } from '@tp/platform';
import { CallerList, type CallerListEntry } from '../../application/list-callers/caller-list.port';

interface Row {
  id: string;
  version: number;
  name: string;
  time_zone: string | null;
  has_pin: boolean;
  status: UserStatus;
  numbers: string[] | null;
}

/** A page of a tenant's users with their PSTN numbers, in one statement on the primary key order. */
@Injectable()
export class SqlCallerList extends CallerList {
  private readonly text: string;

  constructor(private readonly em: EntityManager) {
    super();
    const schema = em.config.get('schema') ?? 'public';
    this.text = `select u.id, u.version, u.name, u.time_zone, u.status, (u.pin_hash is not null) as has_pin,
        array(select e.number from ${qualifiedTable(schema, 'user_extension')} e
               where e.user_id = u.id and e.type = 'pstn' order by e.number) as numbers
      from ${qualifiedTable(schema, 'user_account')} u
      where u.tenant_id = ? and (?::uuid is null or u.id > ?::uuid)
      order by u.id limit ?`;
  }

  async page(tenantId: string, after: string | null, limit: number): Promise<CallerListEntry[]> {
    const rows = await this.em.fork().execute<Row[]>(this.text, [tenantId, after, after, limit]);
    return rows.map((r) => ({
      userId: r.id,
      version: Number(r.version),
      name: r.name,
      timeZone: r.time_zone,
      hasPin: r.has_pin,
      status: r.status,
      numbers: r.numbers ?? [],
    }));
  }
}
