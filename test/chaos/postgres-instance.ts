/**
 * A PostgreSQL server of the suite's own (initdb and pg_ctl in a temporary folder, a port of its
 * own), so that a test may stop it and start it again without touching the machine's server.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freeTcpPort } from '../../libs/stack-harness/src/stack';

const exec = promisify(execFile);

/**
 * PostgreSQL refuses to run as root: as root (a CI container), the server's files belong to the
 * `postgres` user and its commands run as that user.
 */
function asServerUser(root: string): (command: string, args: string[]) => Promise<unknown> {
  if (process.getuid?.() !== 0) return (command, args) => exec(command, args);
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  chownSync(root, uid, gid);
  return (command, args) => exec('runuser', ['-u', 'postgres', '--', command, ...args]);
}

function binaries(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  for (const version of ['17', '16', '15', '14']) {
    const dir = `/usr/lib/postgresql/${version}/bin`;
    if (existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  throw new Error('no PostgreSQL binaries (initdb, pg_ctl) found: set PG_BIN');
}

export interface PostgresInstance {
  /** The `timed_presence` database on this server. */
  readonly url: string;
  isRunning(): boolean;
  /** `pg_ctl stop -m fast` (connections are closed, as in a restart of the server). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /**
   * Copies a database of another server (schema and rows) into this one's, with that server's
   * `pg_dump` piped into `psql`: a migrated template is copied in a second, where migrating takes
   * five processes several.
   */
  copyFrom(databaseUrl: string): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

export async function startPostgres(): Promise<PostgresInstance> {
  const bin = binaries();
  const root = mkdtempSync(join(tmpdir(), 'tp-chaos-pg-'));
  const data = join(root, 'data');
  const port = await freeTcpPort();
  const run = asServerUser(root);
  await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = [
    `-p ${port}`,
    `-k ${root}`,
    "-c listen_addresses='127.0.0.1'",
    '-c max_connections=200',
    // The suite stops the server, never the machine: durability against a power cut is not tested.
    '-c fsync=off',
    '-c full_page_writes=off',
  ].join(' ');
  let running = false;
  const pgCtl = (...args: string[]) => run(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const start = async () => {
    await pgCtl('-o', options, '-l', join(root, 'log'), '-w', 'start');
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    await pgCtl('-m', 'fast', '-w', 'stop');
    running = false;
  };
  await start();
  const url = `postgresql://postgres@127.0.0.1:${port}/timed_presence`;
  const admin = new Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('create database timed_presence');
  await admin.end();
  return {
    url,
    isRunning: () => running,
    stop,
    start,
    copyFrom: async (source) => {
      await exec('sh', [
        '-c',
        `"${join(bin, 'pg_dump')}" --no-owner --no-privileges "$0" | "${join(bin, 'psql')}" -q -v ON_ERROR_STOP=1 "$1"`,
        source,
        url,
      ]);
    },
    destroy: async () => {
      await stop().catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
