import type { ClientProxy } from '@nestjs/microservices';
import type { NatsConnection } from '@nats-io/nats-core';
import { AgentWentOfflineV1, AgentWentOnlineV1, makeCloudEvent } from '@tp/contracts';
import { Deadline } from '@tp/ddd';
import type { Login } from '@tp/flow-domain';
import { NatsPresenceGateway, type SequencedPresence } from './nats-presence-gateway';
import { PresenceReadModel } from './presence.read-model';

const TENANT = 'acme';
const AGENT = '2f0c7f4e-3b9a-4f5e-9d7c-1a2b3c4d5e6f';
const UNTIL = '2026-03-02T17:00:00.000Z';

/** Presence's commands and query, as answered over NATS: counts the questions. */
class FakePresence extends NatsPresenceGateway {
  asked = 0;
  answer: SequencedPresence = { state: 'offline', expiresAt: null, sequence: 0 };
  constructor() {
    super({} as ClientProxy);
  }
  override presenceOfWithSequence(): Promise<SequencedPresence> {
    this.asked += 1;
    return Promise.resolve(this.answer);
  }
  override goOnlineWithSequence(): Promise<SequencedPresence> {
    return Promise.resolve({ state: 'online', expiresAt: new Date(UNTIL), sequence: 7 });
  }
}

const wire = (contract: typeof AgentWentOnlineV1, sequence: number, online: boolean) =>
  new TextEncoder().encode(
    JSON.stringify(
      makeCloudEvent(contract, {
        id: `e-${sequence}`,
        source: 'timed-presence/presence',
        time: '2026-03-02T09:00:00.000Z',
        subject: AGENT,
        data: {
          tenantId: TENANT,
          agentId: AGENT,
          state: online ? 'online' : 'offline',
          expiresAt: online ? UNTIL : null,
          reason: online ? 'login' : 'agent-logoff',
          sequence,
          occurredAt: '2026-03-02T09:00:00.000Z',
        },
      }),
    ),
  );

describe(PresenceReadModel.name, () => {
  let presence: FakePresence;
  let model: PresenceReadModel;
  const now = () => model.presenceOf(TENANT, AGENT, Deadline.after(1000));

  beforeEach(() => {
    presence = new FakePresence();
    model = new PresenceReadModel({} as NatsConnection, presence);
  });

  it('asks presence once for an agent it never heard of, then answers from memory', async () => {
    await expect(now()).resolves.toEqual({ state: 'offline', expiresAt: null });
    await expect(now()).resolves.toEqual({ state: 'offline', expiresAt: null });
    expect(presence.asked).toBe(1);
  });

  it("follows presence's events, newer sequences only", async () => {
    model.receive(wire(AgentWentOnlineV1, 3, true));
    model.receive(wire(AgentWentOfflineV1, 2, false)); // late: older than what it has

    await expect(now()).resolves.toEqual({ state: 'online', expiresAt: new Date(UNTIL) });
    expect(presence.asked).toBe(0);
  });

  it("keeps what a command's answer says, unless an event said something newer", async () => {
    const login: Login = {
      tenantId: TENANT,
      agentId: AGENT,
      hours: 8,
      maxHours: 99,
      callSid: 'CA1',
      flowId: 'f',
    };
    await model.goOnline(login, Deadline.after(1000));
    await expect(now()).resolves.toMatchObject({ state: 'online' });

    model.receive(wire(AgentWentOfflineV1, 8, false));
    await expect(now()).resolves.toEqual({ state: 'offline', expiresAt: null });
    expect(presence.asked).toBe(0);
  });

  it('ignores what is not a presence change', () => {
    model.receive(new TextEncoder().encode('{"not":"an event"}'));
    model.receive(new TextEncoder().encode('not even json'));

    expect(model.size).toBe(0);
  });
});
