import { randomUUID } from 'node:crypto';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  Prompt,
  PromptChangedConcurrently,
  PromptNameTaken,
  PromptRepository,
  promptNameKey,
  type PromptContent,
  type PromptListQuery,
  type PromptPage,
  type PromptRole,
} from '@tp/media-domain';
import { APP_INFO, insertOutboxRows, OutboxRelayService, type AppInfo } from '@tp/platform';
import { toOutboxEntry } from './prompt-events.outbox';
import { PromptRecord } from './prompt.record';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Prompts in PostgreSQL (schema `media`). Reads bypass the identity map, so an aggregate is always
 * rebuilt from the row; a write is one statement guarded by the version the aggregate was read at,
 * committed with the outbox rows of its events in one transaction (`insertOutboxRows`: the outbox
 * row is written by SQL, as the platform's ORM config does not map the outbox entity).
 */
@Injectable()
export class MikroOrmPromptRepository extends PromptRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly relay: OutboxRelayService,
    @Inject(APP_INFO) private readonly app: AppInfo,
  ) {
    super();
  }

  nextId(): string {
    return randomUUID();
  }

  async find(tenantId: string, promptId: string): Promise<Prompt | null> {
    if (!UUID.test(promptId)) return null;
    const record = await this.em.findOne(
      PromptRecord,
      { tenantId, id: promptId },
      { disableIdentityMap: true },
    );
    return record ? toPrompt(record) : null;
  }

  async findMany(tenantId: string, promptIds: readonly string[]): Promise<Prompt[]> {
    const ids = promptIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return [];
    const records = await this.em.find(
      PromptRecord,
      { tenantId, id: { $in: ids } },
      { disableIdentityMap: true },
    );
    return records.map(toPrompt);
  }

  async findByName(tenantId: string, name: string): Promise<Prompt | null> {
    const record = await this.em.findOne(
      PromptRecord,
      { tenantId, nameKey: promptNameKey(name) },
      { disableIdentityMap: true },
    );
    return record ? toPrompt(record) : null;
  }

  async findByRoles(tenantId: string, roles: readonly PromptRole[]): Promise<Prompt[]> {
    if (roles.length === 0) return [];
    const records = await this.em.find(
      PromptRecord,
      { tenantId, role: { $in: [...roles] } },
      { orderBy: { nameKey: 'asc', id: 'asc' }, disableIdentityMap: true },
    );
    return records.map(toPrompt);
  }

  async list(tenantId: string, query: PromptListQuery): Promise<PromptPage> {
    const where = query.role === undefined ? { tenantId } : { tenantId, role: query.role };
    const [records, total] = await this.em.findAndCount(PromptRecord, where, {
      orderBy: { nameKey: 'asc', id: 'asc' },
      limit: query.limit,
      offset: query.offset,
      disableIdentityMap: true,
    });
    return { items: records.map(toPrompt), total };
  }

  async save(prompt: Prompt): Promise<void> {
    const events = prompt.peekEvents();
    if (events.length === 0) return;
    const expected = prompt.storedVersion;
    const guard = { id: prompt.id, tenantId: prompt.tenantId, version: expected };
    try {
      await this.em.fork().transactional(async (tx) => {
        if (expected === 0) {
          await tx.insert(PromptRecord, toRecord(prompt));
        } else {
          const touched = prompt.isDeleted
            ? await tx.nativeDelete(PromptRecord, guard)
            : await tx.nativeUpdate(PromptRecord, guard, changedColumns(prompt));
          if (touched !== 1) throw new PromptChangedConcurrently(prompt.id, expected);
        }
        await insertOutboxRows(
          tx,
          this.app.schema,
          events.map((event) => toOutboxEntry(event)),
        );
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        // Two prompts of the tenant with one name (a race the handler's check could not see), or
        // two creations of one id.
        if (expected === 0 && /prompt_pkey/.test(error.message))
          throw new PromptChangedConcurrently(prompt.id, expected);
        throw new PromptNameTaken(prompt.name);
      }
      throw error;
    }
    prompt.pullEvents();
    this.relay.kick();
  }
}

function toPrompt(record: PromptRecord): Prompt {
  const content =
    record.kind === 'audio'
      ? { kind: 'audio' as const, url: record.audioUrl ?? '' }
      : record.kind === 'tts'
        ? {
            kind: 'tts' as const,
            text: record.text ?? '',
            voice: record.voice ?? '',
            language: record.language ?? '',
          }
        : // restore() refuses an unknown kind
          ({ kind: record.kind } as unknown as PromptContent);
  return Prompt.restore({
    id: record.id,
    tenantId: record.tenantId,
    name: record.name,
    role: record.role as PromptRole | null,
    content,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  });
}

function toRecord(prompt: Prompt): PromptRecord {
  const { content, ...rest } = prompt.toSnapshot();
  return {
    ...rest,
    nameKey: prompt.nameKey,
    kind: content.kind,
    text: content.kind === 'tts' ? content.text : null,
    voice: content.kind === 'tts' ? content.voice : null,
    language: content.kind === 'tts' ? content.language : null,
    audioUrl: content.kind === 'audio' ? content.url : null,
  };
}

/** What an update writes: everything but the identity and the creation time. */
function changedColumns(prompt: Prompt): Partial<PromptRecord> {
  const { id: _id, tenantId: _tenantId, createdAt: _createdAt, ...columns } = toRecord(prompt);
  return columns;
}
