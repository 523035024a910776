import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { AgentWentOnlineV1, makeCloudEvent } from '@tp/contracts';
import { connectNats, ensureStream } from '@tp/platform';
import { jetstreamManager } from '@nats-io/jetstream';
import { TEST_NATS_URL, uniqueSuffix, waitFor } from '@tp/stack-harness';
import { run } from './support/processes';

describe('npm run events', () => {
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connectNats(TEST_NATS_URL, 'events-tail-e2e');
    await ensureStream(await jetstreamManager(nc), { name: 'PRESENCE_EVENTS', subjects: ['presence.evt.>'] });
  });

  afterAll(() => nc?.drain());

  it("prints a tenant's presence events as they are published, and only that tenant's", async () => {
    const tenant = `tail-${uniqueSuffix()}`;
    const tail = run(['scripts/events.mjs', '--tenant', tenant], {});
    try {
      await waitFor(() => tail.stderr().includes('following'), 10_000, 'the tail to start');
      const jsm = await jetstreamManager(nc);
      await waitFor(
        async () => (await jsm.streams.info('PRESENCE_EVENTS')).state.consumer_count > 0,
        10_000,
        'the tail to consume',
      );
      const publish = (tenantId: string, agentId: string) => {
        const event = makeCloudEvent(AgentWentOnlineV1, {
          id: randomUUID(),
          source: 'timed-presence/presence',
          time: '2026-03-02T09:00:00.000Z',
          subject: agentId,
          data: {
            tenantId,
            agentId,
            state: 'online',
            expiresAt: '2026-03-02T17:00:00.000Z',
            reason: 'login',
            sequence: 1,
            occurredAt: '2026-03-02T09:00:00.000Z',
          },
        });
        return jetstream(nc).publish(AgentWentOnlineV1.subjectFor(tenantId), JSON.stringify(event), {
          msgID: event.id,
        });
      };
      await publish(`other-${uniqueSuffix()}`, 'zed');
      await publish(tenant, 'ann');

      await waitFor(() => tail.stdout().includes('ann'), 10_000, 'the event line');
      expect(tail.stdout().trim().split('\n')).toEqual([
        '2026-03-02T09:00:00.000Z  ann  agent-went-online      online until 2026-03-02T17:00:00.000Z  (login, #1)',
      ]);
    } finally {
      tail.child.kill('SIGINT');
      await tail.exited;
    }
  });

  it('says what is missing when called without a tenant', async () => {
    const tail = run(['scripts/events.mjs'], {});
    const exit = await tail.exited;

    expect(exit.code).toBe(2);
    expect(tail.stderr()).toMatch(/^events: --tenant <id> is required/);
  });
});
