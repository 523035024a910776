#!/usr/bin/env node
// `npm run events -- --tenant <id> [--since 1h|all] [--json]`: prints a tenant's presence events
// live, as they are published (an ordered consumer: nothing is acked, nothing is left behind).
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';

const HELP = `usage: npm run events -- --tenant <id> [--agent <id>] [--since <n>(s|m|h|d)|all] [--json]
  --tenant  the tenant whose presence events to follow (required)
  --agent   only this agent
  --since   also print the events of this past period first (default: only new ones)
  --json    print each CloudEvents envelope as one JSON line
  NATS_URL  where NATS is (default nats://127.0.0.1:4222)`;

let args;
try {
  args = parseArgs({
    options: {
      tenant: { type: 'string' },
      agent: { type: 'string' },
      since: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  console.error(`events: ${error.message}\n${HELP}`);
  process.exit(2);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}
if (!args.tenant || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(args.tenant)) {
  console.error(`events: --tenant <id> is required (lower-case letters, digits, dashes)\n${HELP}`);
  process.exit(2);
}
let start = { deliver_policy: DeliverPolicy.New };
if (args.since === 'all') start = { deliver_policy: DeliverPolicy.All };
else if (args.since) {
  const m = /^(\d+)([smhd])$/.exec(args.since);
  if (!m) {
    console.error('events: --since must look like 30s, 15m, 2h, 1d or all');
    process.exit(2);
  }
  const ms = Number(m[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[m[2]];
  start = {
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: new Date(Date.now() - ms).toISOString(),
  };
}

const url = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
let nc;
try {
  nc = await connect({ servers: url.split(','), timeout: 3000 });
} catch (error) {
  console.error(`events: cannot reach NATS at ${url} (${error.message}); is the stack running (npm start)?`);
  process.exit(1);
}
const filter = `presence.evt.${args.tenant}.>`;
let consumer;
try {
  consumer = await jetstream(nc).consumers.get('PRESENCE_EVENTS', { filter_subjects: filter, ...start });
} catch (error) {
  console.error(`events: no presence stream yet (${error.message}); start the presence app first`);
  process.exit(1);
}
const messages = await consumer.consume();
process.once('SIGINT', () => void messages.close().then(() => nc.close()));
if (!args.json) console.error(`following ${filter} on ${url} (Ctrl-C stops)`);
for await (const msg of messages) {
  const event = msg.json();
  const d = event.data ?? {};
  if (args.agent && d.agentId !== args.agent) continue;
  if (args.json) {
    console.log(JSON.stringify(event));
    continue;
  }
  const name = event.type.replace(/^timedpresence\.presence\./, '').replace(/\.v\d+$/, '');
  if (name === 'agent-session-closed') {
    const o = d.offers ?? {};
    console.log(
      `${event.time}  ${d.agentId}  ${name.padEnd(22)} ${d.startedAt} to ${d.endedAt} (${d.endReason}): ` +
        `${o.made} offers, ${o.accepted} accepted, ${o.missed} missed, talk ${d.talkSeconds} s, ${d.breaks?.count} breaks`,
    );
    continue;
  }
  const until = d.breakEndsAt
    ? ` until ${d.breakEndsAt}, then online until ${d.expiresAt}`
    : d.expiresAt
      ? ` until ${d.expiresAt}`
      : '';
  console.log(
    `${event.time}  ${d.agentId}  ${name.padEnd(22)} ${d.state}${until}  (${d.reason}, #${d.sequence})`,
  );
}
