import { createTestDatabase } from '@tp/stack-harness';
import { freePort, run, waitUntil, type Running } from './support/processes';

/**
 * HTTP_HOST: an app started by hand (or by `npm start`) listens on the loopback interface only; a
 * container says 0.0.0.0 (deploy/Dockerfile). 127.0.0.2 is another address of this host's loopback
 * network: reachable by a socket bound to every interface, not by one bound to 127.0.0.1.
 */
describe('the listen address', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: Running | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('listen_address');
    const migrate = run(['dist/apps/presence/src/main.js', 'migrate'], { DATABASE_URL: db.url });
    expect((await migrate.exited).code).toBe(0);
  });

  afterEach(async () => {
    app?.child.kill('SIGTERM');
    await app?.exited;
    app = undefined;
  });

  afterAll(async () => {
    await db?.drop();
  });

  const status = (host: string, port: number) =>
    fetch(`http://${host}:${port}/health/live`).then(
      (r) => r.status,
      () => 0,
    );

  it.each([
    ['unset', 0, {}],
    ['0.0.0.0', 200, { HTTP_HOST: '0.0.0.0' }],
  ])('with HTTP_HOST %s, 127.0.0.1 is served and 127.0.0.2 gets %i', async (_what, other, extra) => {
    const port = await freePort();
    app = run(['dist/apps/presence/src/main.js'], {
      DATABASE_URL: db.url,
      PRESENCE_HTTP_PORT: String(port),
      LOG_LEVEL: 'warn',
      ...extra,
    });

    await waitUntil(async () => (await status('127.0.0.1', port)) === 200, 30_000, 'presence to listen');

    expect(await status('127.0.0.2', port)).toBe(other); // 0: connection refused
  });
});
