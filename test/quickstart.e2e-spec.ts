import { execFileSync, spawn } from 'node:child_process';
import type { NatsConnection } from '@nats-io/nats-core';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectNats, verifyAdminToken } from '@tp/platform';
import { createTestDatabase, readStream, TEST_NATS_URL, waitFor } from '@tp/stack-harness';
import { freePort, ROOT, run, type Running } from './support/processes';

const APPS = ['identity', 'media', 'flow-runtime', 'presence', 'dispatch'] as const;
const portVariable = (app: string) => `${app.replace(/-/g, '_').toUpperCase()}_HTTP_PORT`;
const HOUR = 3_600_000;
/** The development default of AUTH_JWT_SECRET, published in this repository (libs/platform config). */
const DEV_AUTH_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

/** Runs the simulator like a newcomer would, keys piped in when given; resolves with its output. */
function simulate(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdin?: string,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/call.mjs', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.end(stdin ?? '');
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** Runs `npm run admin -- ...` against the stack; resolves with its exit code and output. */
function admin(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/admin.mjs', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/** The README quickstart: `npm start`, then the simulated call, as a newcomer follows it. */
describe('the README quickstart', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Running;
  let nc: NatsConnection;
  const env: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase('quickstart');
    Object.assign(env, { DATABASE_URL: db.url, SKIP_BUILD: '1', LOG_LEVEL: 'warn' });
    for (const app of [...APPS, 'console']) env[portVariable(app)] = String(await freePort());
    stack = run(['scripts/start.mjs'], env);
    // Migrating and starting five apps takes 30-60 s on a loaded 2-core machine.
    await waitFor(() => stack.stdout().includes('Ctrl-C stops everything'), 150_000, 'npm start to be ready');
    nc = await connectNats(TEST_NATS_URL, 'quickstart-e2e');
  }, 180_000);

  afterAll(async () => {
    // What the stack printed, for a failure to be read afterwards (the apps log at warn and above).
    if (stack) writeFileSync(join(tmpdir(), 'tp-quickstart-stack.log'), stack.stdout());
    stack?.child.kill('SIGINT');
    await stack?.exited;
    await nc?.drain();
    await db?.drop();
  });

  it('prints what a newcomer needs next: the APIs, the credential, the demo numbers and the call command', () => {
    const out = stack.stdout();
    expect(out).toContain(`http://127.0.0.1:${env.DISPATCH_HTTP_PORT}`);
    expect(out).toMatch(/Admin credential \(Authorization: Bearer \.\.\.\):\n {2}eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(out).toContain('npm run call -- --from +15550100001 --to +15550100100 --press 1');
    expect(out).toMatch(
      new RegExp(
        `\\n {2}http://127\\.0\\.0\\.1:${env.CONSOLE_HTTP_PORT}/signin#credential=eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+\\n`,
      ),
    );
  });

  it('sets the demo tenant up as "Demo", and the console link signs its admin in', async () => {
    const link = /(http:\/\/127\.0\.0\.1:\d+\/signin#credential=(\S+))/.exec(stack.stdout())!;
    const response = await fetch(`http://127.0.0.1:${env.IDENTITY_HTTP_PORT}/v1/tenant`, {
      headers: { authorization: `Bearer ${link[2]}` },
    });

    expect(await response.json()).toMatchObject({ id: 'demo', displayName: 'Demo' });
  });

  it("signs credentials with this installation's own random secret, not the published development one", () => {
    const token = /Admin credential \(Authorization: Bearer \.\.\.\):\n {2}(\S+)/.exec(stack.stdout())![1];
    const secret = readFileSync(join(ROOT, '.tmp', 'auth-jwt-secret'), 'utf8').trim();

    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(ROOT, '.tmp', 'auth-jwt-secret')).mode & 0o077).toBe(0);
    expect(verifyAdminToken(secret, token, 'timed-presence')).toMatchObject({ tid: 'demo' });
    expect(() => verifyAdminToken(DEV_AUTH_JWT_SECRET, token, 'timed-presence')).toThrow(/signature/);
  });

  it('takes the demo agent online for 8 hours with --press 1, and publishes the online event', async () => {
    const before = Date.now();

    const call = await simulate(['--from', '+15550100001', '--to', '+15550100100', '--press', '1'], env);

    expect(call.code).toBe(0);
    expect(call.out).toContain('To go online for 8 hours, press 1.');
    expect(call.out).toContain('You are now online and available for inbound calls');
    const until = /presence of Ada Lovelace: online until (\S+) \(login\)/.exec(call.out)?.[1];
    expect(until).toBeDefined();
    expect(new Date(until!).getTime()).toBeGreaterThanOrEqual(before + 8 * HOUR - 1000);
    expect(new Date(until!).getTime()).toBeLessThanOrEqual(Date.now() + 8 * HOUR);
    await waitFor(async () => (await readStream(nc, 'PRESENCE_EVENTS', 'presence.evt.demo.>')).length > 0);
    const [online] = await readStream(nc, 'PRESENCE_EVENTS', 'presence.evt.demo.>');
    expect(online.event.type).toBe('timedpresence.presence.agent-went-online.v1');
    expect(online.event.data).toMatchObject({ state: 'online', reason: 'login', expiresAt: until });
  });

  it('takes keys typed (piped) at each menu: 9, then 12#', async () => {
    const call = await simulate(['--from', '+15550100002', '--to', '+15550100100'], env, '9\n12#\n');

    expect(call.code).toBe(0);
    expect(call.out).toContain('Please enter the number of hours');
    expect(call.out).toMatch(/presence of Grace Hopper: online until \S+ \(login\)/);
    const until = /online until (\S+) \(login\)/.exec(call.out)![1];
    expect(Math.round((new Date(until).getTime() - Date.now()) / HOUR)).toBe(12);
  });

  describe("the admin CLI, for the vendor page's jobs", () => {
    const tenant = `acme-${Date.now().toString(36)}`;
    let token: string | undefined; // minted once by the CLI (the token test checks the command itself)
    const get = async (port: string, path: string) => {
      token ??= (await admin(['token', '--tenant', tenant], env)).out.trim();
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return (await response.json()) as { items: { id: string; name: string; phoneNumber?: string }[] };
    };
    const oneLineError = (result: { code: number | null; out: string; err: string }) => {
      expect(result.code).not.toBe(0);
      expect(result.err.trim().split('\n')).toEqual([expect.stringMatching(/^admin: /)]);
    };

    it('says what it does with --help, and refuses an unknown command in one line', async () => {
      const commands = [
        'add-user',
        'create-prompts',
        'create-flow',
        'create-mapping',
        'token',
        'create-tenant',
        'assign-number',
        'release-number',
        'sms-settings',
        'console-link',
      ];
      const [unknown, ...helps] = await Promise.all([
        admin(['frobnicate'], env),
        ...commands.map((command) => admin([command, '--help'], env)),
      ]);
      commands.forEach((command, i) => expect(helps[i].out).toContain(`npm run admin -- ${command}`));
      oneLineError(unknown);
    });

    it('sets up a tenant with a platform credential, once, and makes a console link for it', async () => {
      const created = await admin(['create-tenant', '--id', tenant, '--name', 'Acme Corp'], env);
      const again = await admin(['create-tenant', '--id', tenant, '--name', 'Acme Corp'], env);
      const link = await admin(
        ['console-link', '--tenant', tenant, '--console', 'http://console.test:8080/'],
        env,
      );

      expect(created.out).toBe(`tenant ${tenant}: Acme Corp\n`);
      oneLineError(again);
      expect(again.err).toContain('IDENTITY.TENANT_EXISTS');
      expect(link.out).toMatch(
        /^http:\/\/console\.test:8080\/signin#credential=eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/,
      );
      const credential = link.out.trim().split('#credential=')[1];
      const response = await fetch(`http://127.0.0.1:${env.IDENTITY_HTTP_PORT}/v1/tenant`, {
        headers: { authorization: `Bearer ${credential}` },
      });
      expect(await response.json()).toMatchObject({ id: tenant, displayName: 'Acme Corp' });
    });

    it('mints a platform credential that tenant routes refuse', async () => {
      const token = (await admin(['token', '--platform'], env)).out.trim();
      const response = await fetch(`http://127.0.0.1:${env.IDENTITY_HTTP_PORT}/v1/users`, {
        headers: { authorization: `Bearer ${token}` },
      });

      expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(response.status).toBe(401);
    });

    it('mints a credential, and refuses a tenant id that is not one', async () => {
      const [good, bad] = await Promise.all([
        admin(['token', '--tenant', tenant], env),
        admin(['token', '--tenant', 'NOT A TENANT'], env),
      ]);
      expect(good.out).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
      oneLineError(bad);
    });

    it('adds a user with a PSTN extension as typed on the vendor page, and refuses a bad number', async () => {
      const [bad, good] = await Promise.all([
        admin(
          ['add-user', '--tenant', tenant, '--name', 'Bad', '--email', 'bad@acme.example', '--phone', '12'],
          env,
        ),
        admin(
          [
            'add-user',
            '--tenant',
            tenant,
            '--name',
            'John Smith',
            '--email',
            'john@acme.example',
            '--phone',
            '+1-234-567-8910',
            '--skills',
            'billing,english',
          ],
          env,
        ),
      ]);

      oneLineError(bad);
      expect(bad.err).toMatch(/number/);
      expect(good.out).toMatch(/John Smith, PSTN \+12345678910/);
      expect((await get(env.IDENTITY_HTTP_PORT, '/v1/users')).items.map((u) => u.name)).toEqual([
        'John Smith',
      ]);
    });

    it('creates the prompt set, a Timed Presence flow and a dispatch mapping; bad input changes nothing', async () => {
      oneLineError(await admin(['create-flow', '--tenant', tenant, '--name', 'Too early'], env)); // no prompts yet
      expect((await admin(['create-prompts', '--tenant', tenant], env)).out).toMatch(/welcome\s+created/);
      oneLineError(
        await admin(
          ['create-flow', '--tenant', tenant, '--name', 'Three presets', '--presets', '8,24,48'],
          env,
        ),
      );
      const flow = await admin(['create-flow', '--tenant', tenant, '--name', 'Timed Presence'], env);
      oneLineError(
        await admin(
          [
            'create-mapping',
            '--tenant',
            tenant,
            '--name',
            'Login',
            '--phone',
            '+15550109999',
            '--flow',
            'No such flow',
          ],
          env,
        ),
      );
      const createMapping = () =>
        admin(
          [
            'create-mapping',
            '--tenant',
            tenant,
            '--name',
            'Login',
            '--phone',
            '+1 555 010 9999',
            '--flow',
            'Timed Presence',
          ],
          env,
        );
      const unassigned = await createMapping(); // the platform operator has not assigned the number yet
      oneLineError(unassigned);
      expect(unassigned.err).toMatch(
        /\+15550109999 is not assigned to this tenant: ask the platform operator/,
      );
      const assigned = await admin(['assign-number', '--tenant', tenant, '--phone', '+1 555 010 9999'], env);
      expect(assigned.out).toMatch(new RegExp(`^\\+15550109999 is assigned to tenant ${tenant}`));
      const mapping = await createMapping();

      expect(flow.out).toMatch(/Timed Presence, version 1 published \(presets 8, 24, 48, 72 h\)/);
      expect(mapping.out).toMatch(/\+15550109999 -> flow/);
      expect((await get(env.FLOW_RUNTIME_HTTP_PORT, '/v1/flows')).items.map((f) => f.name)).toEqual([
        'Timed Presence',
      ]);
      expect(
        (await get(env.DISPATCH_HTTP_PORT, '/v1/dispatch-mappings')).items.map((m) => m.phoneNumber),
      ).toEqual(['+15550109999']);

      const call = await simulate(
        ['--from', '+12345678910', '--to', '+15550109999', '--press', '2', '--tenant', tenant],
        env,
      );
      expect(call.out).toMatch(/presence of John Smith: online until \S+ \(login\)/);
    });

    it('shows and changes the SMS settings, sent from a contact point of the tenant; bad input changes nothing', async () => {
      const sms = (...options: string[]) => admin(['sms-settings', '--tenant', tenant, ...options], env);
      // Refused, so none of them changes what the first shows.
      const [shown, noSender, notMapped, badMinutes, both] = await Promise.all([
        sms(),
        sms('--enable'),
        sms('--enable', '--sender', '+15550108888'),
        sms('--reminder-minutes', '0'),
        sms('--enable', '--disable'),
      ]);
      expect(shown.out).toBe('SMS off: reminder 15 min before the end, no sender number\n');
      for (const refused of [noSender, notMapped, badMinutes, both]) oneLineError(refused);
      expect(noSender.err).toContain('DISPATCH.SMS_SENDER_REQUIRED');
      expect(notMapped.err).toContain('DISPATCH.SMS_SENDER_NOT_MAPPED');
      expect(badMinutes.err).toContain('--reminder-minutes');

      const on = await sms('--enable', '--sender', '+1 555 010 9999', '--reminder-minutes', '20');
      const off = await sms('--disable');

      expect(on.out).toBe('SMS on: reminder 20 min before the end, from +15550109999\n');
      expect(off.out).toBe('SMS off: reminder 20 min before the end, from +15550109999\n');
      const response = await fetch(`http://127.0.0.1:${env.DISPATCH_HTTP_PORT}/v1/sms-settings`, {
        headers: {
          authorization: `Bearer ${(token ??= (await admin(['token', '--tenant', tenant], env)).out.trim())}`,
        },
      });
      expect(await response.json()).toMatchObject({
        enabled: false,
        reminderMinutes: 20,
        senderNumber: '+15550109999',
      });
    });
  });

  it('starts an app killed with SIGKILL again, saying so, while the others keep running', async () => {
    const pidOf = (app: string) =>
      Number(execFileSync('pgrep', ['-P', String(stack.child.pid), '-f', `dist/apps/${app}/src/main.js`]));
    const [presence, dispatch] = [pidOf('presence'), pidOf('dispatch')];
    const ready = () =>
      fetch(`http://127.0.0.1:${env.PRESENCE_HTTP_PORT}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );

    process.kill(presence, 'SIGKILL');
    await waitFor(async () => !(await ready()), 5_000, 'presence to be gone');
    await waitFor(ready, 30_000, 'presence to be back');

    expect(stack.stdout()).toMatch(/\[presence\s*\] exited with code 137; restarting in 1 s \(restart 1\)\n/);
    expect(pidOf('presence')).not.toBe(presence);
    expect(pidOf('dispatch')).toBe(dispatch);
    const call = await simulate(['--from', '+15550100002', '--to', '+15550100100', '--press', '0'], env);
    expect(call.out).toMatch(/presence of Grace Hopper: offline \(agent-logoff\)/);
  });

  it('reuses the demo tenant when started again', async () => {
    stack.child.kill('SIGINT');
    await stack.exited;

    stack = run(['scripts/start.mjs'], env);
    await waitFor(() => stack.stdout().includes('Ctrl-C stops everything'), 150_000, 'the second start');

    expect(stack.stdout()).toContain('Demo tenant "demo"');
    expect(stack.stderr()).not.toContain('could not be set up');
    const call = await simulate(['--from', '+15550100001', '--to', '+15550100100', '--press', '0'], env);
    expect(call.out).toMatch(/presence of Ada Lovelace: offline \(agent-logoff\)/);
  }, 180_000);
});
