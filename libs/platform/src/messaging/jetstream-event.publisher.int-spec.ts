import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { TEST_NATS_URL, uniqueSuffix } from '@tp/stack-harness';
import { ensureStream } from './jetstream-streams';
import { JetStreamEventPublisher } from './jetstream-event.publisher';
import { connectNats } from './nats-connection';

describe(JetStreamEventPublisher.name, () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let stream: string;
  let prefix: string;

  beforeAll(async () => {
    nc = await connectNats(TEST_NATS_URL, 'publisher-int-spec');
    jsm = await jetstreamManager(nc);
  });

  beforeEach(async () => {
    const suffix = uniqueSuffix();
    stream = `TEST_PUB_${suffix}`;
    prefix = `p${suffix}`;
    await ensureStream(jsm, { name: stream, subjects: [`${prefix}.>`] });
  });

  afterEach(async () => {
    await jsm.streams.delete(stream);
  });

  afterAll(async () => {
    await nc?.drain();
  });

  it('stores each event once, in publish order, and tells a republished event id as a duplicate', async () => {
    const publisher = new JetStreamEventPublisher(nc);
    const ids = Array.from({ length: 300 }, () => randomUUID());

    const first = await Promise.all(
      ids.map((id, n) => publisher.publish(`${prefix}.thing`, id, JSON.stringify({ id, n }))),
    );
    const again = await Promise.all(
      ids.slice(0, 10).map((id) => publisher.publish(`${prefix}.thing`, id, JSON.stringify({ id }))),
    );

    expect(first.every((ack) => !ack.duplicate)).toBe(true);
    expect(again.every((ack) => ack.duplicate)).toBe(true);
    const consumer = await jetstream(nc).consumers.get(stream);
    const seen: number[] = [];
    for await (const msg of await consumer.fetch({ max_messages: 300, expires: 2000 })) {
      seen.push(msg.json<{ n: number }>().n);
      expect(msg.headers?.get('Nats-Msg-Id')).toBe(ids[seen.length - 1]);
      if (seen.length === 300) break;
    }
    expect(seen).toEqual(ids.map((_, n) => n));
  });

  it('fails a publish to a subject that no stream takes', async () => {
    const publisher = new JetStreamEventPublisher(nc);

    await expect(publisher.publish(`nostream${uniqueSuffix()}.thing`, randomUUID(), '{}')).rejects.toThrow(
      /no JetStream stream/,
    );
  });

  it('fails a publish whose ack does not come in time', async () => {
    // A plain subscriber on the subject answers nothing: the request gets no ack.
    const subject = `silent${uniqueSuffix()}.thing`;
    const silent = nc.subscribe(subject);
    const publisher = new JetStreamEventPublisher(nc, 200);

    await expect(publisher.publish(subject, randomUUID(), '{}')).rejects.toThrow(
      /no JetStream ack within 200 ms/,
    );
    silent.unsubscribe();
  });

  it('fails a publish the stream refuses', async () => {
    await jsm.streams.update(stream, { max_msg_size: 16 });
    const publisher = new JetStreamEventPublisher(nc);

    await expect(
      publisher.publish(`${prefix}.thing`, randomUUID(), JSON.stringify({ big: 'x'.repeat(100) })),
    ).rejects.toThrow(/refused/);
  });
});
