import { createTestDatabase } from '@tp/stack-harness';
import { freePort, run, waitUntil, type Running } from './support/processes';

const APPS = ['identity', 'media', 'flow-runtime', 'presence', 'dispatch'] as const;
const portVariable = (app: string) => `${app.replace(/-/g, '_').toUpperCase()}_HTTP_PORT`;

describe('npm start', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    db = await createTestDatabase('stack');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('migrates and brings all five apps and the console to ready, then stops them cleanly on Ctrl-C', async () => {
    const ports: Record<string, number> = {};
    for (const app of [...APPS, 'console']) ports[app] = await freePort();
    const env = {
      DATABASE_URL: db.url,
      SKIP_BUILD: '1',
      LOG_FORMAT: 'json',
      ...Object.fromEntries([...APPS, 'console'].map((app) => [portVariable(app), String(ports[app])])),
    };
    const stack: Running = run(['scripts/start.mjs'], env);
    try {
      await waitUntil(() => stack.stdout().includes('Timed Presence is ready'), 60_000, 'the ready banner');

      for (const app of APPS) {
        const response = await fetch(`http://127.0.0.1:${ports[app]}/health/ready`);
        const body = (await response.json()) as {
          status: string;
          details: Record<string, { status: string }>;
        };
        expect({ app, status: response.status, body: body.status }).toEqual({ app, status: 200, body: 'ok' });
        expect(body.details.database?.status).toBe('up');
        expect(body.details.nats?.status).toBe('up');
        const metrics = await (await fetch(`http://127.0.0.1:${ports[app]}/metrics`)).text();
        expect(metrics).toContain(`tp_outbox_pending{app="${app}"}`);
      }
      const openapi = await fetch(`http://127.0.0.1:${ports.presence}/docs/openapi.json`);
      expect(openapi.status).toBe(200);
      // The console serves its pages and reaches each app through /api/<app>/ on the apps' ports.
      const page = await fetch(`http://127.0.0.1:${ports.console}/users`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<div id="root">');
      // Built for production even under Jest (NODE_ENV=test): no JSX for React's development runtime.
      const entry = /src="(\/assets\/index-[\w-]+\.js)"/.exec(html)?.[1];
      const bundle = await (await fetch(`http://127.0.0.1:${ports.console}${entry}`)).text();
      expect(bundle.length).toBeGreaterThan(10_000);
      expect(bundle).not.toContain('jsxDEV');
      for (const app of APPS) {
        const proxied = await fetch(`http://127.0.0.1:${ports.console}/api/${app}/health/ready`);
        expect({ app, status: proxied.status }).toEqual({ app, status: 200 });
      }
    } finally {
      stack.child.kill('SIGINT');
    }
    const exit = await stack.exited;
    expect(exit.code).toBe(0);
  });

  it('says in one line how to start NATS when it cannot be reached', async () => {
    const deadNats = `nats://127.0.0.1:${await freePort()}`;

    const stack = run(['scripts/start.mjs'], { DATABASE_URL: db.url, SKIP_BUILD: '1', NATS_URL: deadNats });
    const exit = await stack.exited;

    expect(exit.code).toBe(1);
    const lines = stack.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^identity: cannot reach NATS at 127\.0\.0\.1:\d+ \(.+\)\. Start them with .*nats-server/,
    );
  });

  it('says in one line how to start PostgreSQL when it cannot be reached', async () => {
    const deadPg = `postgresql://postgres@127.0.0.1:${await freePort()}/timed_presence`;

    const app = run(['dist/apps/presence/src/main.js'], { DATABASE_URL: deadPg });
    const exit = await app.exited;

    expect(exit.code).toBe(1);
    expect(app.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(
        /^presence: cannot reach PostgreSQL at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Start them with/,
      ),
    ]);
  });
});
