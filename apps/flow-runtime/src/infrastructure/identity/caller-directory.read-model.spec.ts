import type { ClientProxy } from '@nestjs/microservices';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  ListCallers,
  makeCloudEvent,
  UserExtensionsChangedV1,
  UserStatusChangedV1,
  type CallerEntryV1,
} from '@tp/contracts';
import { Deadline } from '@tp/ddd';
import type { Agent } from '@tp/flow-domain';
import { Metrics } from '@tp/platform';
import { Observable, of } from 'rxjs';
import { CallerDirectoryReadModel } from './caller-directory.read-model';
import { NatsAgentDirectory } from './nats-agent-directory';

const TENANT = 'acme';
const ADA_ID = '2f0c7f4e-3b9a-4f5e-9d7c-1a2b3c4d5e6f';
const ADA: CallerEntryV1 = {
  userId: ADA_ID,
  version: 1,
  name: 'Ada Lovelace',
  timeZone: 'Europe/London',
  hasPin: false,
  status: 'active',
  numbers: ['+15550100001'],
};

/** Identity's find-user-by-phone, as the fallback sees it: counts what it is asked. */
class AskedIdentity extends NatsAgentDirectory {
  asked = 0;
  constructor() {
    super({} as ClientProxy);
  }
  override findByPhone(): Promise<Agent | null> {
    this.asked += 1;
    return Promise.resolve({ userId: 'from-identity', name: 'Asked', timeZone: 'UTC', hasPin: false });
  }
}

/** Identity's list-callers over a fake NATS client: one page, or a hold until released. */
function identityClient(pages: () => Observable<unknown>): ClientProxy {
  return {
    send: (subject: string) => {
      if (subject !== ListCallers.subject) throw new Error(`unexpected ${subject}`);
      return pages();
    },
  } as unknown as ClientProxy;
}

const event = (contract: typeof UserExtensionsChangedV1 | typeof UserStatusChangedV1, data: object) =>
  new TextEncoder().encode(
    JSON.stringify(
      makeCloudEvent(contract as typeof UserExtensionsChangedV1, {
        id: `e-${Math.random()}`,
        source: 'timed-presence/identity',
        time: '2026-03-02T09:00:00.000Z',
        subject: ADA_ID,
        data: data as never,
      }),
    ),
  );
const numbersChanged = (version: number, numbers: string[]) =>
  event(UserExtensionsChangedV1, {
    tenantId: TENANT,
    userId: ADA_ID,
    version,
    occurredAt: '2026-03-02T09:00:00.000Z',
    extensions: numbers.map((number, i) => ({
      id: `3f0c7f4e-3b9a-4f5e-9d7c-1a2b3c4d5e7${i}`,
      type: 'pstn',
      number,
      ext: null,
      description: null,
    })),
  });

describe(CallerDirectoryReadModel.name, () => {
  let identity: AskedIdentity;
  let reply: () => Observable<unknown>;
  let directory: CallerDirectoryReadModel;
  const deadline = () => Deadline.after(1000);
  const find = (phone: string) => directory.findByPhone(TENANT, phone, deadline());

  beforeEach(() => {
    identity = new AskedIdentity();
    reply = () => of({ ok: true, data: { callers: [ADA], next: null } });
    directory = new CallerDirectoryReadModel(
      {} as NatsConnection,
      identityClient(() => reply()),
      identity,
      new Metrics({ name: 'flow-runtime', schema: 'flow_runtime' }),
    );
  });

  it("asks identity until the tenant's callers are loaded, then answers from them", async () => {
    await expect(find('+1 555 010 0001')).resolves.toMatchObject({ userId: 'from-identity' });
    expect(directory.isReady(TENANT)).toBe(true);

    await expect(find('+1-555-010-0001')).resolves.toEqual({
      userId: ADA_ID,
      name: 'Ada Lovelace',
      timeZone: 'Europe/London',
      hasPin: false,
    });
    await expect(find('+15550100999')).resolves.toBeNull();
    await expect(find('anonymous')).resolves.toBeNull();
    expect(identity.asked).toBe(1);
  });

  it("follows identity's events: a new number, a disabled user", async () => {
    await directory.load(TENANT);

    directory.receive(numbersChanged(2, ['+15550100002']));
    await expect(find('+15550100001')).resolves.toBeNull();
    await expect(find('+15550100002')).resolves.toMatchObject({ userId: ADA_ID });

    directory.receive(
      event(UserStatusChangedV1, {
        tenantId: TENANT,
        userId: ADA_ID,
        version: 3,
        occurredAt: '2026-03-02T09:00:00.000Z',
        status: 'disabled',
      }),
    );
    await expect(find('+15550100002')).resolves.toBeNull();
    expect(identity.asked).toBe(0);
  });

  it('applies what was heard while the snapshot was on its way, after it', async () => {
    let answer!: (value: unknown) => void;
    reply = () =>
      new Observable((subscriber) => void (answer = (v) => (subscriber.next(v), subscriber.complete())));
    const loading = directory.load(TENANT);

    directory.receive(numbersChanged(2, ['+15550100002']));
    answer({ ok: true, data: { callers: [ADA], next: null } });
    await loading;

    await expect(find('+15550100002')).resolves.toMatchObject({ userId: ADA_ID });
  });

  it('drops a copy that missed an event, and asks identity again while it loads anew', async () => {
    await directory.load(TENANT);

    directory.receive(numbersChanged(5, ['+15550100002'])); // versions 2 to 4 never arrived

    expect(directory.isReady(TENANT)).toBe(false);
    await expect(find('+15550100001')).resolves.toMatchObject({ userId: 'from-identity' });
    expect(identity.asked).toBe(1);
  });

  it('keeps asking identity when the snapshot cannot be had', async () => {
    reply = () => of({ ok: false, error: { code: 'RPC.INTERNAL', message: 'down' } });

    await directory.load(TENANT);

    expect(directory.isReady(TENANT)).toBe(false);
    await expect(find('+15550100001')).resolves.toMatchObject({ userId: 'from-identity' });
  });
});
