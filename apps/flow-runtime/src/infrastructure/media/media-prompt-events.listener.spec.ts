import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/nats-core';
import { makeCloudEvent, PromptDeletedV1 } from '@tp/contracts';
import { MediaPromptEventsListener } from './media-prompt-events.listener';
import type { NatsPromptCatalog } from './nats-prompt-catalog';

describe(MediaPromptEventsListener.name, () => {
  const forgotten: [string, string, number][] = [];
  const catalog = {
    forget: (...args: [string, string, number]) => forgotten.push(args),
  } as unknown as NatsPromptCatalog;
  const listener = new MediaPromptEventsListener({} as NatsConnection, catalog);
  const bytes = (value: unknown) =>
    new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

  beforeEach(() => (forgotten.length = 0));

  it("drops the prompt media's event names", () => {
    const event = makeCloudEvent(PromptDeletedV1, {
      id: randomUUID(),
      source: 'timed-presence/media',
      time: '2026-03-02T09:00:00.000Z',
      subject: 'p-1',
      data: {
        tenantId: 'acme',
        promptId: 'p-1',
        version: 4,
        occurredAt: '2026-03-02T09:00:00.000Z',
        name: 'Welcome',
      },
    });

    listener.handle(bytes(event));

    expect(forgotten).toEqual([['acme', 'p-1', 4]]);
  });

  it.each([
    ['not JSON', 'hello'],
    ['not a CloudEvent', { hello: 'world' }],
    [
      'an event of another kind',
      {
        specversion: '1.0',
        id: '1',
        source: 's',
        type: 'other',
        time: '2026-03-02T09:00:00.000Z',
        subject: 'x',
        datacontenttype: 'application/json',
        data: {},
      },
    ],
    [
      'a prompt event out of contract',
      {
        specversion: '1.0',
        id: '1',
        source: 's',
        type: PromptDeletedV1.type,
        time: '2026-03-02T09:00:00.000Z',
        subject: 'x',
        datacontenttype: 'application/json',
        data: { promptId: 'p-1' },
      },
    ],
  ])('ignores %s', (_case, message) => {
    listener.handle(bytes(message));

    expect(forgotten).toEqual([]);
  });
});
