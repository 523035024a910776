/**
 * What must hold after a fault, read from the three places an agent's presence lives: the rows in
 * PostgreSQL (the truth), the KV bucket (the snapshot for subscribers) and the event stream (the
 * history). Per agent: the stream's presence events carry sequences 1..n with none missing and
 * none twice (and no event id twice), the last one is the row's state and sequence, and so is the
 * KV entry. An agent whose hours ran out went offline within 2 s of the later of its expiry and the
 * end of any outage it fell in.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { eventStreamName, PRESENCE_EVENTS_V1, PRESENCE_KV_BUCKET, type PresenceKvEntry } from '@tp/contracts';
import type { Client } from 'pg';

export interface StoredEvent {
  id: string;
  type: string;
  agentId: string;
  state: string;
  sequence: number;
  reason: string;
  expiresAt: string | null;
  occurredAt: string;
  /** When JetStream stored it (ms). */
  storedAt: number;
}

export interface Row {
  agentId: string;
  state: string;
  sequence: number;
  expiresAt: Date | null;
}

export interface Consistency {
  agents: number;
  events: number;
  lost: string[];
  duplicated: string[];
  disagreeing: string[];
  /** Agents set offline more than 2 s after they were due (and service was back). */
  lateExpiries: string[];
  /** The latest expiry relative to when it was due (or service returned), ms. */
  maxExpiryLatenessMs: number;
  /** The longest from an expiry committed in PostgreSQL (or NATS back, if it was away then) to its event stored in the stream, ms. */
  maxPublishLagMs: number;
  expiries: number;
}

const PRESENCE_TYPES = new Set<string>(PRESENCE_EVENTS_V1.map((e) => e.type));

export async function readPresenceEvents(nc: NatsConnection, tenant: string): Promise<StoredEvent[]> {
  const stream = eventStreamName('presence');
  const filter = `presence.evt.${tenant}.>`;
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream, { subjects_filter: filter });
  const expected = Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  const out: StoredEvent[] = [];
  if (expected === 0) return out;
  const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: filter });
  const messages = await consumer.consume();
  let seen = 0;
  for await (const msg of messages) {
    seen += 1;
    const event = msg.json<{ id: string; type: string; data: Record<string, unknown> }>();
    if (PRESENCE_TYPES.has(event.type)) {
      const d = event.data as {
        agentId: string;
        state: string;
        sequence: number;
        reason: string;
        expiresAt: string | null;
        occurredAt: string;
      };
      out.push({ id: event.id, type: event.type, ...d, storedAt: msg.time.getTime() });
    }
    if (seen >= expected) break;
  }
  await messages.close();
  return out;
}

export async function readRows(pg: Client, tenant: string): Promise<Row[]> {
  const result = await pg.query<{
    agent_id: string;
    state: string;
    sequence: string;
    expires_at: Date | null;
  }>('select agent_id, state, sequence, expires_at from presence.agent_presence where tenant_id = $1', [
    tenant,
  ]);
  return result.rows.map((r) => ({
    agentId: r.agent_id,
    state: r.state,
    sequence: Number(r.sequence),
    expiresAt: r.expires_at,
  }));
}

export async function readKv(nc: NatsConnection, tenant: string): Promise<Map<string, PresenceKvEntry>> {
  // A short limit: right after a fault a read may go to a server that cannot answer yet; the caller retries.
  const kv = await new Kvm(jetstream(nc, { timeout: 1000 })).open(PRESENCE_KV_BUCKET);
  const out = new Map<string, PresenceKvEntry>();
  for await (const key of await kv.keys(`${tenant}.>`)) {
    const entry = await kv.get(key);
    if (entry && entry.operation === 'PUT') {
      const value = entry.json<PresenceKvEntry>();
      out.set(value.agentId, value);
    }
  }
  return out;
}

/** Whether every unsent outbox row is sent and the KV bucket shows every row's sequence. */
export async function settled(pg: Client, nc: NatsConnection, tenant: string): Promise<boolean> {
  const unsent = await pg.query<{ n: string }>(
    'select count(*) n from presence.outbox_message where sent_at is null',
  );
  if (Number(unsent.rows[0].n) > 0) return false;
  const [rows, kv] = await Promise.all([readRows(pg, tenant), readKv(nc, tenant)]);
  return rows.every((r) => kv.get(r.agentId)?.sequence === r.sequence);
}

/** Outages as [from, to] (ms): an expiry due inside one may be late by up to 2 s after its end. */
export type Outage = [number, number];

export function checkConsistency(
  rows: Row[],
  kv: Map<string, PresenceKvEntry>,
  events: StoredEvent[],
  outages: Outage[],
  now = Date.now(),
): Consistency {
  const result: Consistency = {
    agents: rows.length,
    events: events.length,
    lost: [],
    duplicated: [],
    disagreeing: [],
    lateExpiries: [],
    maxExpiryLatenessMs: 0,
    maxPublishLagMs: 0,
    expiries: 0,
  };
  const ids = new Set<string>();
  for (const e of events) {
    if (ids.has(e.id)) result.duplicated.push(`event ${e.id} twice`);
    ids.add(e.id);
  }
  const byAgent = new Map<string, StoredEvent[]>();
  for (const e of events) byAgent.set(e.agentId, [...(byAgent.get(e.agentId) ?? []), e]);
  const dueFrom = (due: number) => {
    let from = due;
    for (const [start, end] of outages) if (due <= end && due >= start - 2000) from = Math.max(from, end);
    return from;
  };
  for (const row of rows) {
    const list = (byAgent.get(row.agentId) ?? []).sort((a, b) => a.sequence - b.sequence);
    const sequences = list.map((e) => e.sequence);
    for (let s = 1; s <= row.sequence; s += 1) {
      const n = sequences.filter((x) => x === s).length;
      if (n === 0) result.lost.push(`${row.agentId} #${s}`);
      if (n > 1) result.duplicated.push(`${row.agentId} #${s} x${n}`);
    }
    if (sequences.some((s) => s > row.sequence))
      result.disagreeing.push(`${row.agentId}: stream ahead of row`);
    const last = list.at(-1);
    if (!last || last.sequence !== row.sequence || last.state !== row.state)
      result.disagreeing.push(
        `${row.agentId}: row ${row.state}#${row.sequence}, stream ${last?.state}#${last?.sequence}`,
      );
    const entry = kv.get(row.agentId);
    if (!entry || entry.sequence !== row.sequence || entry.state !== row.state)
      result.disagreeing.push(
        `${row.agentId}: row ${row.state}#${row.sequence}, kv ${entry?.state}#${entry?.sequence}`,
      );
    if (row.state !== 'offline' && row.expiresAt && now - dueFrom(row.expiresAt.getTime()) > 2000)
      result.lateExpiries.push(`${row.agentId} still ${row.state}, due ${row.expiresAt.toISOString()}`);
    for (let i = 1; i < list.length; i += 1) {
      const e = list[i];
      if (e.type !== 'timedpresence.presence.agent-went-offline.v1' || e.reason !== 'expired') continue;
      const due = Date.parse(list[i - 1].expiresAt ?? e.occurredAt);
      const lateness = Date.parse(e.occurredAt) - dueFrom(due);
      result.expiries += 1;
      result.maxExpiryLatenessMs = Math.max(result.maxExpiryLatenessMs, lateness);
      result.maxPublishLagMs = Math.max(
        result.maxPublishLagMs,
        e.storedAt - dueFrom(Date.parse(e.occurredAt)),
      );
      if (lateness > 2000) result.lateExpiries.push(`${row.agentId} #${e.sequence} ${lateness} ms late`);
    }
  }
  return result;
}
