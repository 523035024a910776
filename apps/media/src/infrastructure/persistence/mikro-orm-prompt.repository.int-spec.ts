import { MikroORM } from '@mikro-orm/postgresql';
import { Prompt, PromptChangedConcurrently, PromptNameTaken, type PromptContent } from '@tp/media-domain';
import {
  createOrmOptions,
  loadEnv,
  migrateApp,
  ormSettings,
  PlatformEnvSchema,
  type OutboxRelayService,
} from '@tp/platform';
import { FixedClock } from '@tp/fakes';
import { createTestDatabase } from '@tp/stack-harness';
import { mediaApp } from '../../media.app';
import { MikroOrmPromptRepository } from './mikro-orm-prompt.repository';

interface OutboxRow {
  subject: string;
  type: string;
  tenant_id: string;
  payload: { subject: string; data: { version: number } };
}

describe(MikroOrmPromptRepository.name, () => {
  const clock = new FixedClock('2026-01-15T09:00:00.000Z');
  const tts: PromptContent = { kind: 'tts', text: 'Hello.', voice: 'alice', language: 'en-US' };
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM;
  let kicks = 0;
  let prompts: MikroOrmPromptRepository;

  beforeAll(async () => {
    db = await createTestDatabase('media_repo');
    const settings = ormSettings(mediaApp, loadEnv(PlatformEnvSchema, { DATABASE_URL: db.url }));
    await migrateApp(settings);
    orm = await MikroORM.init(createOrmOptions(settings));
  });

  beforeEach(async () => {
    await orm.em.fork().getConnection().execute('truncate "media"."prompt", "media"."outbox_message"');
    const relay = { kick: () => (kicks += 1) } as unknown as OutboxRelayService;
    prompts = new MikroOrmPromptRepository(orm.em.fork(), relay, { name: 'media', schema: 'media' });
    kicks = 0;
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  const create = (tenantId: string, name: string, role: string | null = null, content: PromptContent = tts) =>
    Prompt.create({ id: prompts.nextId(), tenantId, name, role, content }, clock.now());

  const outbox = () =>
    orm.em
      .fork()
      .getConnection()
      .execute<OutboxRow[]>(
        'select subject, type, tenant_id, payload from "media"."outbox_message" order by id',
      );

  it('gives back what was saved, for its tenant only', async () => {
    const audio = create('acme', 'Jingle', 'welcome', {
      kind: 'audio',
      url: 'https://cdn.example.com/j.mp3',
    });
    const speech = create('acme', 'Welcome');
    await prompts.save(audio);
    await prompts.save(speech);

    expect((await prompts.find('acme', audio.id))?.toSnapshot()).toEqual(audio.toSnapshot());
    expect((await prompts.find('acme', speech.id))?.toSnapshot()).toEqual(speech.toSnapshot());
    expect(await prompts.find('globex', audio.id)).toBeNull();
    expect(await prompts.find('acme', 'not-a-uuid')).toBeNull();
    expect(kicks).toBe(2);
  });

  it('writes each event to the outbox in the same transaction, as a CloudEvent of the contracts', async () => {
    const prompt = create('acme', 'Welcome');
    await prompts.save(prompt);
    prompt.change({ name: 'Greeting' }, clock.now());
    prompt.change({ role: 'welcome' }, clock.now());
    await prompts.save(prompt);
    prompt.delete(clock.now());
    await prompts.save(prompt);

    const rows = await outbox();

    expect(
      rows.map((r) => [r.subject, r.type, r.tenant_id, r.payload.subject, r.payload.data.version]),
    ).toEqual([
      ['media.evt.acme.prompt-created.v1', 'timedpresence.media.prompt-created.v1', 'acme', prompt.id, 1],
      ['media.evt.acme.prompt-changed.v1', 'timedpresence.media.prompt-changed.v1', 'acme', prompt.id, 2],
      ['media.evt.acme.prompt-changed.v1', 'timedpresence.media.prompt-changed.v1', 'acme', prompt.id, 3],
      ['media.evt.acme.prompt-deleted.v1', 'timedpresence.media.prompt-deleted.v1', 'acme', prompt.id, 4],
    ]);
    expect(await prompts.find('acme', prompt.id)).toBeNull();
  });

  it('writes nothing for a prompt without recorded changes', async () => {
    const prompt = create('acme', 'Welcome');
    await prompts.save(prompt);

    const again = (await prompts.find('acme', prompt.id))!;
    again.change({ name: 'Welcome' }, clock.now());
    await prompts.save(again);

    expect(await outbox()).toHaveLength(1);
    expect(kicks).toBe(1);
  });

  it('refuses, and writes no event for, a change to a prompt someone else saved since it was read', async () => {
    const prompt = create('acme', 'Welcome');
    await prompts.save(prompt);
    const mine = (await prompts.find('acme', prompt.id))!;
    const theirs = (await prompts.find('acme', prompt.id))!;
    theirs.change({ name: 'Theirs' }, clock.now());
    await prompts.save(theirs);

    mine.change({ name: 'Mine' }, clock.now());

    await expect(prompts.save(mine)).rejects.toBeInstanceOf(PromptChangedConcurrently);
    expect((await prompts.find('acme', prompt.id))?.name).toBe('Theirs');
    expect((await outbox()).map((r) => r.payload.data.version)).toEqual([1, 2]);
    expect(mine.peekEvents()).toHaveLength(1);
  });

  it('refuses to delete a prompt someone else changed since it was read', async () => {
    const prompt = create('acme', 'Welcome');
    await prompts.save(prompt);
    const stale = (await prompts.find('acme', prompt.id))!;
    prompt.change({ role: 'online' }, clock.now());
    await prompts.save(prompt);

    stale.delete(clock.now());

    await expect(prompts.save(stale)).rejects.toBeInstanceOf(PromptChangedConcurrently);
    expect(await prompts.find('acme', prompt.id)).not.toBeNull();
  });

  it('keeps names unique per tenant, ignoring case, even without a check first', async () => {
    await prompts.save(create('acme', 'Welcome'));
    await prompts.save(create('globex', 'Welcome'));
    const other = create('acme', 'Other');
    await prompts.save(other);

    await expect(prompts.save(create('acme', ' WELCOME '))).rejects.toBeInstanceOf(PromptNameTaken);
    other.change({ name: 'welcome' }, clock.now());
    await expect(prompts.save(other)).rejects.toBeInstanceOf(PromptNameTaken);
    expect((await prompts.findByName('acme', 'wElCoMe'))?.name).toBe('Welcome');
    expect(await outbox()).toHaveLength(3);
  });

  it('finds many by id within the tenant, and by role', async () => {
    const a = create('acme', 'A', 'welcome');
    const b = create('acme', 'B', 'online');
    const c = create('acme', 'C');
    const other = create('globex', 'A', 'welcome');
    for (const p of [a, b, c, other]) await prompts.save(p);

    const many = await prompts.findMany('acme', [a.id, c.id, other.id, 'not-a-uuid']);
    const byRole = await prompts.findByRoles('acme', ['welcome', 'online']);

    expect(many.map((p) => p.id).sort()).toEqual([a.id, c.id].sort());
    expect(byRole.map((p) => p.name)).toEqual(['A', 'B']);
    expect(await prompts.findMany('acme', ['not-a-uuid'])).toEqual([]);
    expect(await prompts.findByRoles('acme', [])).toEqual([]);
  });

  it('lists a page in name order (case ignored), with the total, filtered by role', async () => {
    for (const [name, role] of [
      ['delta', 'online'],
      ['Alpha', null],
      ['charlie', 'online'],
      ['Bravo', 'online'],
    ] as const)
      await prompts.save(create('acme', name, role));
    await prompts.save(create('globex', 'Aardvark', 'online'));

    const all = await prompts.list('acme', { limit: 2, offset: 0 });
    const online = await prompts.list('acme', { role: 'online', limit: 2, offset: 1 });

    expect({ names: all.items.map((p) => p.name), total: all.total }).toEqual({
      names: ['Alpha', 'Bravo'],
      total: 4,
    });
    expect({ names: online.items.map((p) => p.name), total: online.total }).toEqual({
      names: ['charlie', 'delta'],
      total: 3,
    });
  });

  it('lets the table hold only whole text-to-speech or audio content', async () => {
    const insert = (kind: string, text: string | null, url: string | null) =>
      orm.em
        .fork()
        .getConnection()
        .execute(
          `insert into "media"."prompt" (id, tenant_id, name, name_key, kind, text, voice, language, audio_url, version, created_at, updated_at)
           values (gen_random_uuid(), 'acme', ?, ?, ?, ?, 'alice', 'en', ?, 1, now(), now())`,
          [`n-${kind}-${String(url)}`, `n-${kind}-${String(url)}`, kind, text, url],
        );

    await expect(insert('tts', 'Hi', 'https://x/')).rejects.toThrow(/prompt_content_check/);
    await expect(insert('audio', null, 'https://x/')).rejects.toThrow(/prompt_content_check/);
    await expect(insert('tts', 'Hi', null)).resolves.toBeDefined();
  });
});
