// End-to-end tests run the built apps exactly as `npm start` does: build once before them. Then
// migrate one database for every app, once: the stacks of the test files start from copies of it
// (test/support/stack.ts), which PostgreSQL makes in milliseconds, instead of running five
// migration processes each. Tests of migrating itself (npm start, the deploy runtime) start empty.
const { execSync, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');

const ROOT = join(__dirname, '..');
const APPS = ['identity', 'media', 'flow-runtime', 'dispatch', 'presence'];
const SERVER_URL =
  process.env.TEST_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgresql://postgres@127.0.0.1:5432/postgres';

/** Runs one SQL statement on the server's `postgres` database. */
async function onServer(sql) {
  const url = new URL(SERVER_URL);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function migrate(app, databaseUrl, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps', app, 'src/main.js'), 'migrate'], {
      cwd, // MikroORM writes a schema snapshot here; a scratch directory keeps the sources clean
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${app} migrate failed:\n${output}`)),
    );
  });
}

module.exports = async function globalSetup() {
  // Builds unless dist/ is newer than every source (as right after `npm run build` in CI).
  execSync('node scripts/build-if-needed.mjs', { stdio: 'inherit', cwd: ROOT });

  const name = `tp_test_migrated_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  await onServer(`create database "${name}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const scratch = mkdtempSync(join(tmpdir(), 'tp-migrate-'));
  try {
    await Promise.all(APPS.map((app) => migrate(app, url.toString(), scratch)));
  } catch (error) {
    await dropOnServer(name);
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  process.env.TP_TEST_MIGRATED_TEMPLATE = name; // read by createMigratedTestDatabase (libs/stack-harness) in every test file
};

/** Drops a database of the tests, even while something is still connected to it. */
function dropOnServer(name) {
  return onServer(`drop database if exists "${name}" with (force)`);
}
module.exports.dropOnServer = dropOnServer;
