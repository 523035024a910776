/**
 * The whole stack for an end-to-end test file: a database of its own, the file's private NATS
 * (test/support/private-nats.ts), the five built apps and a Twilio REST double
 * (libs/stack-harness/src/stack.ts), plus what tests need around it: admin credentials, a call
 * simulator signing as Twilio does, presence lookups, SQL on the test database.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import type { PresenceView } from '@tp/contracts';
import { connectNats } from '@tp/platform';
import { createMigratedTestDatabase, TEST_NATS_URL } from '@tp/stack-harness';
import { CallSimulator, type SimulatorOptions } from '@tp/twilio-simulator';
import { Client } from 'pg';
import { startStack, type Stack, type StackOptions } from '../../libs/stack-harness/src/stack';

export { STACK_APPS, type Stack, type StackApp } from '../../libs/stack-harness/src/stack';

/** What a test gets around a stack (of processes, or in-process): tools, and one close for all. */
export interface TestTools {
  db: { url: string; name: string };
  /** A connection to the test database (for the odd direct read or write). */
  pg: Client;
  /** A NATS connection of the test (to read streams). */
  nc: NatsConnection;
  /** A call simulator signing with the platform account, as Twilio would for the stack's numbers. */
  simulator(overrides?: Partial<SimulatorOptions>): CallSimulator;
  /** An agent's presence, through the presence admin API. */
  presence(tenantId: string, agentId: string): Promise<PresenceView>;
  /** Stops everything and drops the database. */
  close(): Promise<void>;
}

export type TestStack = Stack & TestTools;

/** What {@link withTestTools} needs of a stack. */
type AnyStack = Pick<Stack, 'urls' | 'publicBaseUrl' | 'twilio' | 'token' | 'stop'>;

export async function startTestStack(
  label: string,
  options: Omit<StackOptions, 'databaseUrl' | 'natsUrl' | 'migrated'> = {},
): Promise<TestStack> {
  return withTestTools(label, (db) =>
    startStack({
      ...options,
      databaseUrl: db.url,
      migrated: db.migrated,
      natsUrl: TEST_NATS_URL,
      // No short outbox poll: the relays wake on PostgreSQL's notification of each commit (ADR 25).
      env: { ...options.env },
    }),
  );
}

/** A database of the test's own, a stack on it started by `start`, and the tools around them. */
export async function withTestTools<S extends AnyStack>(
  label: string,
  start: (db: { url: string; migrated: boolean }) => Promise<S>,
): Promise<S & TestTools> {
  const db = await createMigratedTestDatabase(label);
  let stack: S | undefined;
  let pg: Client | undefined;
  let nc: NatsConnection | undefined;
  const close = async () => {
    await nc?.drain().catch(() => undefined);
    await pg?.end().catch(() => undefined);
    await stack?.stop();
    await db.drop();
  };
  try {
    stack = await start(db);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    nc = await connectNats(TEST_NATS_URL, `e2e-${label}`);
  } catch (error) {
    await close();
    throw error;
  }
  const started = stack;
  return {
    ...started,
    db: { url: db.url, name: db.name },
    pg,
    nc,
    simulator: (overrides: Partial<SimulatorOptions> = {}) =>
      new CallSimulator({
        serverUrl: started.publicBaseUrl,
        authToken: started.twilio.authToken,
        accountSid: started.twilio.accountSid,
        ...overrides,
      }),
    presence: async (tenantId: string, agentId: string) => {
      const response = await fetch(`${started.urls.presence}/v1/presence/agents/${agentId}`, {
        headers: { authorization: `Bearer ${started.token(tenantId)}` },
      });
      if (!response.ok)
        throw new Error(`presence of ${agentId}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as PresenceView;
    },
    close,
  };
}
