import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { SkillProps } from '@tp/identity-domain';
import { qualifiedTable } from '@tp/platform';
import { UserSkills } from '../../application/get-user-skills/user-skills.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The skills of some users in one statement on the primary key, the tenant checked in the same `where`. */
@Injectable()
export class SqlUserSkills extends UserSkills {
  private readonly users: string;

  constructor(private readonly em: EntityManager) {
    super();
    this.users = qualifiedTable(em.config.get('schema') ?? 'public', 'user_account');
  }

  async of(tenantId: string, userIds: readonly string[]): Promise<{ userId: string; skills: string[] }[]> {
    const ids = userIds.filter((id) => UUID.test(id)); // user ids are UUIDs: anything else is nobody
    if (ids.length === 0) return [];
    const rows = await this.em
      .fork()
      .execute<{ id: string; skills: SkillProps[] | string }[]>(
        `select id, skills from ${this.users} where tenant_id = ? and id = any(?::uuid[]) order by id`,
        [tenantId, `{${ids.join(',')}}`],
      );
    return rows.map((row) => {
      const skills = (typeof row.skills === 'string' ? JSON.parse(row.skills) : row.skills) as SkillProps[];
      return { userId: row.id, skills: skills.map((s) => s.name) };
    });
  }
}
