import { loadEnv, migrateApp, ormSettings, PlatformEnvSchema } from '@tp/platform';
import { createTestDatabase } from '@tp/stack-harness';
import { Client } from 'pg';
import { dispatchApp } from '../dispatch.app';
import { DISPATCH_MIGRATIONS } from './index';

/**
 * An installation upgraded to contact points keeps working: every number it maps on the platform's
 * Twilio account is assigned to the tenant that maps it; numbers on a tenant's own account are not.
 */
describe('dispatch migration: contact points of existing mappings', () => {
  it('assigns each number mapped on the platform account to its tenant', async () => {
    const db = await createTestDatabase('dispatch_backfill');
    const settings = (count: number) =>
      ormSettings(
        { ...dispatchApp, orm: { ...dispatchApp.orm, migrations: DISPATCH_MIGRATIONS.slice(0, count) } },
        loadEnv(PlatformEnvSchema, { ...process.env, DATABASE_URL: db.url }),
      );
    const pg = new Client({ connectionString: db.url });
    try {
      const before = DISPATCH_MIGRATIONS.findIndex((m) => m.name === 'Migration20261207160301');
      await migrateApp(settings(before));
      await pg.connect();
      const insert = (id: string, tenant: string, phone: string, account: string, createdAt: string) =>
        pg.query(
          `insert into dispatch.dispatch_mapping (id, tenant_id, name, name_key, description, interaction_type,
             mapping_type, phone_number, flow_id, twilio_account, active, version, created_at, updated_at)
           values ($1, $2, 'Line', 'line', null, 'voice', 'contact-point', $3, 'flow-1', $4, true, 1, $5, $5)`,
          [id, tenant, phone, account, createdAt],
        );
      await insert(
        '11111111-1111-4111-8111-111111111111',
        'acme',
        '+15550100100',
        'platform',
        '2026-11-01T08:00:00Z',
      );
      await insert(
        '22222222-2222-4222-8222-222222222222',
        'globex',
        '+15550100200',
        'platform',
        '2026-11-02T08:00:00Z',
      );
      await insert(
        '33333333-3333-4333-8333-333333333333',
        'globex',
        '+15550100300',
        'tenant',
        '2026-11-03T08:00:00Z',
      );

      await expect(migrateApp(settings(before + 1))).resolves.toEqual(['Migration20261207160301']);

      const { rows } = await pg.query<{
        phone_number: string;
        tenant_id: string;
        assigned_at: Date;
        assigned_by: string;
      }>('select * from dispatch.contact_point order by phone_number');
      expect(rows).toEqual([
        {
          phone_number: '+15550100100',
          tenant_id: 'acme',
          assigned_at: new Date('2026-11-01T08:00:00Z'),
          assigned_by: 'migration',
        },
        {
          phone_number: '+15550100200',
          tenant_id: 'globex',
          assigned_at: new Date('2026-11-02T08:00:00Z'),
          assigned_by: 'migration',
        },
      ]);
    } finally {
      await pg.end().catch(() => undefined);
      await db.drop();
    }
  });
});
