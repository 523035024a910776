import { randomUUID } from 'node:crypto';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  Flow,
  FlowChangedConcurrently,
  FlowNameTaken,
  FlowRepository,
  FlowVersion,
  type FlowGraph,
  type FlowPage,
  type FlowProps,
  type FlowType,
  type FlowUsingPrompts,
} from '@tp/flow-domain';
import { NotifiedCache, PgStatements, RowChanges } from '@tp/platform';

const FLOW = '"flow_runtime"."flow"';
const VERSION = '"flow_runtime"."flow_version"';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Versions never change, so a replica keeps the ones calls run; this many at most. */
const VERSION_CACHE_SIZE = 1000;

interface FlowRow {
  id: string;
  tenant_id: string;
  name: string;
  type: string;
  latest_version: number;
  published_version: number | null;
  published_at: Date | null;
  revision: number;
  created_at: Date;
  updated_at: Date;
}

const FLOW_COLUMNS =
  'id, tenant_id, name, type, latest_version, published_version, published_at, revision, created_at, updated_at';

function toFlow(row: FlowRow): Flow {
  return Flow.restore({
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    type: row.type as FlowType,
    latestVersion: Number(row.latest_version),
    publishedVersion: row.published_version === null ? null : Number(row.published_version),
    publishedAt: row.published_at === null ? null : new Date(row.published_at),
    revision: Number(row.revision),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  });
}

/**
 * Flows in PostgreSQL (schema `flow_runtime`). A save is one transaction: the flow row, guarded by
 * the revision it was read at, and the versions it added. Reads are plain SQL on a fork of the
 * entity manager, so they work from HTTP, NATS handlers and tests alike. A flow is read on every
 * call's first turn, so each replica keeps the rows it read until a committed change of the flow
 * tells it otherwise (ADR 30); each read still builds a flow of its own, and a save over a copy
 * older than a change is refused by the revision guard as any concurrent change is.
 */
@Injectable()
export class MikroOrmFlowRepository extends FlowRepository {
  private readonly versionCache = new Map<string, FlowVersion>();
  private readonly sql: PgStatements;
  private readonly rows: NotifiedCache<FlowRow | null>;

  constructor(
    private readonly em: EntityManager,
    changes: RowChanges,
  ) {
    super();
    this.sql = new PgStatements(em);
    this.rows = changes.cache('flow');
  }

  nextId(): string {
    return randomUUID();
  }

  /** On the path of every call's first turn: a prepared statement (see {@link PgStatements}). */
  async find(tenantId: string, flowId: string): Promise<Flow | null> {
    if (!UUID.test(flowId)) return null;
    const row = await this.rows.get(
      `${tenantId}/${flowId}`,
      async () =>
        (
          await this.sql.query<FlowRow>({
            name: 'flow_runtime_flow_by_id',
            text: `select ${FLOW_COLUMNS} from ${FLOW} where tenant_id = $1 and id = $2`,
            values: [tenantId, flowId],
          })
        )[0] ?? null,
    );
    return row ? toFlow(row) : null;
  }

  async findVersion(tenantId: string, flowId: string, version: number): Promise<FlowVersion | null> {
    if (!UUID.test(flowId) || !Number.isInteger(version) || version < 1) return null;
    const key = `${tenantId}/${flowId}/${version}`;
    const cached = this.versionCache.get(key);
    if (cached) return cached;
    const [row] = await this.em
      .fork()
      .execute<{ graph: FlowGraph; created_at: Date }[]>(
        `select graph, created_at from ${VERSION} where tenant_id = ? and flow_id = ? and version = ?`,
        [tenantId, flowId, version],
      );
    if (!row) return null;
    const found = new FlowVersion({
      tenantId,
      flowId,
      version,
      graph: row.graph,
      createdAt: new Date(row.created_at),
    });
    if (this.versionCache.size >= VERSION_CACHE_SIZE) {
      const oldest = this.versionCache.keys().next().value;
      if (oldest !== undefined) this.versionCache.delete(oldest);
    }
    this.versionCache.set(key, found);
    return found;
  }

  async list(tenantId: string, page: { limit: number; offset: number }): Promise<FlowPage> {
    const em = this.em.fork();
    const [rows, [count]] = await Promise.all([
      em.execute<FlowRow[]>(
        `select ${FLOW_COLUMNS} from ${FLOW} where tenant_id = ? order by name_key, id limit ? offset ?`,
        [tenantId, page.limit, page.offset],
      ),
      em.execute<{ total: string }[]>(`select count(*) as total from ${FLOW} where tenant_id = ?`, [
        tenantId,
      ]),
    ]);
    return { items: rows.map(toFlow), total: Number(count?.total ?? 0) };
  }

  async findPublishedUsingPrompts(
    tenantId: string,
    promptIds: readonly string[],
  ): Promise<FlowUsingPrompts[]> {
    if (promptIds.length === 0) return [];
    const rows = await this.em.fork().execute<{ id: string; name: string; published_version: number }[]>(
      `select f.id, f.name, f.published_version
         from ${FLOW} f
         join ${VERSION} v on v.flow_id = f.id and v.version = f.published_version
        where f.tenant_id = ? and v.prompt_ids && array(select jsonb_array_elements_text(?::jsonb))
        order by f.name_key, f.id`,
      [tenantId, JSON.stringify(promptIds)],
    );
    return rows.map((r) => ({ flowId: r.id, name: r.name, version: Number(r.published_version) }));
  }

  async save(flow: Flow): Promise<void> {
    const events = flow.peekEvents();
    if (events.length === 0) return;
    const expected = flow.storedRevision;
    const s: FlowProps = flow.toSnapshot();
    try {
      await this.em.fork().transactional(async (tx) => {
        if (expected === 0) {
          await tx.execute(
            `insert into ${FLOW} (id, tenant_id, name, name_key, type, latest_version, published_version,
                                  published_at, revision, created_at, updated_at)
             values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              s.id,
              s.tenantId,
              s.name,
              flow.nameKey,
              s.type,
              s.latestVersion,
              s.publishedVersion,
              s.publishedAt,
              s.revision,
              s.createdAt,
              s.updatedAt,
            ],
          );
        } else {
          const written = await tx.execute<unknown[]>(
            `update ${FLOW} set name = ?, name_key = ?, latest_version = ?, published_version = ?, published_at = ?,
                    revision = ?, updated_at = ?
              where tenant_id = ? and id = ? and revision = ? returning 1`,
            [
              s.name,
              flow.nameKey,
              s.latestVersion,
              s.publishedVersion,
              s.publishedAt,
              s.revision,
              s.updatedAt,
              s.tenantId,
              s.id,
              expected,
            ],
          );
          if (written.length !== 1) throw new FlowChangedConcurrently(s.id, expected);
        }
        for (const event of events) {
          if (event.type !== 'flow-version-added') continue;
          const v = event.version;
          await tx.execute(
            `insert into ${VERSION} (flow_id, version, tenant_id, graph, prompt_ids, created_at)
             values (?, ?, ?, ?::jsonb, array(select jsonb_array_elements_text(?::jsonb)), ?)`,
            [
              v.flowId,
              v.version,
              v.tenantId,
              JSON.stringify(v.graph),
              JSON.stringify(v.promptIds()),
              v.createdAt,
            ],
          );
        }
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        if (/flow_tenant_name_key_unique/.test(error.message)) throw new FlowNameTaken(s.name);
        throw new FlowChangedConcurrently(s.id, expected); // a version of that number came first
      }
      throw error;
    } finally {
      this.rows.forget(`${s.tenantId}/${s.id}`);
    }
    flow.pullEvents();
  }
}
