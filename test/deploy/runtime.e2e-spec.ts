import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpPortVariable } from '@tp/platform';
import { createTestDatabase, TEST_NATS_URL } from '@tp/stack-harness';
import { freePort, run, waitUntil, type Running } from '../support/processes';
import { environmentOf } from './support/container-env';
import { APPS, named, podOf, render, type AppName } from './support/render';

const GUARD = join(__dirname, 'support/production-deps-guard.cjs');

/**
 * What the image would run, short of building it (no Docker engine here): every built app, with
 * exactly the environment the dev overlay gives its pod (production mode, the overlay's
 * ConfigMap and Secrets; only the addresses of PostgreSQL, NATS and the port are local), migrates,
 * becomes ready, serves /docs and /metrics, and stops on SIGTERM, without loading one package
 * that `npm install --omit=dev` leaves out.
 */
describe('the apps as the image and the manifests run them', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const running: Running[] = [];
  const reports = mkdtempSync(join(tmpdir(), 'tp-dev-deps-'));

  beforeAll(async () => {
    db = await createTestDatabase('runtime');
  });

  afterAll(async () => {
    for (const app of running) app.child.kill('SIGKILL');
    await db?.drop();
  });

  it('migrates, serves and stops every app with production dependencies only', async () => {
    const objects = render('dev');
    const started: { app: AppName; port: number; process: Running; report: string }[] = [];
    const envs = new Map<AppName, NodeJS.ProcessEnv>();
    for (const app of APPS) {
      const port = await freePort();
      envs.set(app, {
        ...environmentOf(objects, podOf(named(objects, 'Deployment', app)).spec.containers[0]),
        DATABASE_URL: db.url,
        NATS_URL: TEST_NATS_URL,
        [httpPortVariable(app)]: String(port),
        SHUTDOWN_DRAIN_MS: '0',
        LOG_LEVEL: 'warn',
      });
    }
    // An init container (the same platform code in every app): started before the migrations, it
    // returns once its schema is current.
    const waiting = (['presence'] as const).map((app) => ({
      app,
      waiter: run([`dist/apps/${app}/src/main.js`, 'wait-for-migrations'], envs.get(app)!),
    }));
    for (const { app, waiter } of waiting)
      await waitUntil(
        () => waiter.stdout().includes('waiting for the migrations') || waiter.child.exitCode !== null,
        10_000,
        `${app} wait-for-migrations to look`,
      );
    for (const { app, waiter } of waiting) {
      expect({ app, waiting: waiter.child.exitCode === null }).toEqual({ app, waiting: true });
    }

    for (const app of APPS) {
      const env = envs.get(app)!;
      const port = Number(env[httpPortVariable(app)]);
      expect(env.NODE_ENV).toBe('production');
      const entry = `dist/apps/${app}/src/main.js`;
      const migrateReport = join(reports, `${app}-migrate.json`);
      const migrate = run(['--require', GUARD, entry, 'migrate'], {
        ...env,
        TP_DEV_DEPS_REPORT: migrateReport,
      });
      expect({ app, exit: (await migrate.exited).code, stderr: migrate.stderr() }).toEqual({
        app,
        exit: 0,
        stderr: '',
      });
      expect({ app, devPackages: JSON.parse(readFileSync(migrateReport, 'utf8')) as string[] }).toEqual({
        app,
        devPackages: [],
      });

      const report = join(reports, `${app}.json`);
      const serving = run(['--require', GUARD, entry], { ...env, TP_DEV_DEPS_REPORT: report });
      running.push(serving);
      started.push({ app, port, process: serving, report });
    }

    for (const { app, waiter } of waiting) {
      expect({ app, exit: (await waiter.exited).code }).toEqual({ app, exit: 0 });
      expect(waiter.stdout()).toContain(`${app}: waiting for the migrations`);
    }

    for (const { app, port } of started) {
      const status = async (path: string) =>
        (await fetch(`http://127.0.0.1:${port}${path}`).catch(() => null))?.status;
      await waitUntil(async () => (await status('/health/ready')) === 200, 60_000, `${app} to be ready`);
      expect({
        app,
        docs: await status('/docs'),
        openapi: await status('/docs/openapi.json'),
        metrics: await status('/metrics'),
      }).toEqual({
        app,
        docs: 200,
        openapi: 200,
        metrics: 200,
      });
    }

    for (const { process } of started) process.child.kill('SIGTERM');
    for (const { app, process, report } of started) {
      const { code } = await process.exited;
      // On a failure, show why: the tail of what the app wrote while it stopped.
      const why =
        code === 0 ? {} : { stdout: process.stdout().slice(-3000), stderr: process.stderr().slice(-3000) };
      expect({ app, exit: code, ...why }).toEqual({ app, exit: 0 });
      expect({ app, devPackages: JSON.parse(readFileSync(report, 'utf8')) as string[] }).toEqual({
        app,
        devPackages: [],
      });
    }
  });
});
