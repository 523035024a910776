import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';

/** How to bring up what is missing, said once, in one line. */
export const START_HINT =
  'Start them with `docker compose -f deploy/compose.yaml up -d postgres nats`, ' +
  'or on Debian: `pg_ctlcluster 15 main start` and `nats-server -js -a 127.0.0.1 -p 4222 -sd /tmp/nats &`';

function hostOf(url: string): string {
  try {
    const u = new URL(url.includes('://') ? url : `nats://${url}`);
    return `${u.hostname}:${u.port}`;
  } catch {
    return url;
  }
}

function reason(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code;
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/**
 * Checks that PostgreSQL and NATS answer before Nest boots, so that a missing dependency is one
 * clear line instead of a stack trace. Returns the problems (empty when all is well).
 */
export async function preflight(databaseUrl: string, natsUrl: string): Promise<string[]> {
  const problems: string[] = [];
  const pgUrl = new URL(databaseUrl);
  pgUrl.pathname = '/postgres';
  const client = new Client({ connectionString: pgUrl.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    problems.push(`cannot reach PostgreSQL at ${hostOf(databaseUrl)} (${reason(error)})`);
  } finally {
    await client.end().catch(() => undefined);
  }
  try {
    const nc = await connect({ servers: natsUrl.split(','), timeout: 3000, reconnect: false });
    const jsOk = await nc.request('$JS.API.INFO', undefined, { timeout: 2000 }).then(
      () => true,
      () => false,
    );
    await nc.close();
    if (!jsOk) problems.push(`NATS at ${hostOf(natsUrl)} runs without JetStream (start it with -js)`);
  } catch (error) {
    problems.push(`cannot reach NATS at ${hostOf(natsUrl)} (${reason(error)})`);
  }
  return problems;
}
