import { Injectable } from '@nestjs/common';
import { Clock } from '@tp/ddd';
import { QueueBoardReads, type EndedWaitCount, type WaitingCallLine } from './queue-board.port';

export interface QueueCallView {
  id: string;
  callSid: string;
  queueName: string;
  priority: number;
  enqueuedAt: string;
  deadline: string;
  /** Seconds waited when the board was read; the console ticks on from `enqueuedAt`. */
  waitedSeconds: number;
  offer: {
    id: string;
    agentId: string;
    status: 'placing' | 'ringing';
    attempt: number;
    since: string;
  } | null;
}

export interface QueueView {
  /** The queue: the skill set its calls ask for (lower case, sorted; empty: any agent). */
  skills: string[];
  /** The names the flows' Queue nodes gave the calls of this skill set, in the period or now. */
  names: string[];
  waiting: QueueCallView[];
  /** Offers placing or ringing now. */
  ringing: number;
  /** Waits that ended in the period: accepted by an agent, the caller hung up, the maximum wait passed. */
  ended: { answered: number; abandoned: number; timedOut: number };
}

export interface QueueBoardView {
  at: string;
  periodMinutes: number;
  queues: QueueView[];
}

const key = (skills: readonly string[]): string => skills.join('\u0000');

/**
 * The live queue board of a tenant: calls waiting, grouped by queue (the set of skills the Queue
 * node asks for), the offers ringing for them, and how waits ended over the last period.
 */
@Injectable()
export class QueueBoard {
  constructor(
    private readonly reads: QueueBoardReads,
    private readonly clock: Clock,
  ) {}

  async read(tenantId: string, periodMinutes: number): Promise<QueueBoardView> {
    const now = this.clock.now();
    const [calls, ended] = await Promise.all([
      this.reads.waitingCalls(tenantId),
      this.reads.endedSince(tenantId, new Date(now.getTime() - periodMinutes * 60_000)),
    ]);
    return { at: now.toISOString(), periodMinutes, queues: groupByQueue(calls, ended, now) };
  }
}

/** Calls and counts grouped by skill set: queues with calls waiting first (longest wait first), then by skills. */
export function groupByQueue(
  calls: readonly WaitingCallLine[],
  ended: readonly EndedWaitCount[],
  now: Date,
): QueueView[] {
  const queues = new Map<string, QueueView>();
  const queueOf = (skills: readonly string[]): QueueView => {
    let queue = queues.get(key(skills));
    if (!queue) {
      queue = {
        skills: [...skills],
        names: [],
        waiting: [],
        ringing: 0,
        ended: { answered: 0, abandoned: 0, timedOut: 0 },
      };
      queues.set(key(skills), queue);
    }
    return queue;
  };
  const named = (queue: QueueView, name: string) => {
    if (!queue.names.includes(name)) queue.names.push(name);
  };
  for (const call of calls) {
    const queue = queueOf(call.requiredSkills);
    named(queue, call.queueName);
    if (call.offer) queue.ringing += 1;
    queue.waiting.push({
      id: call.id,
      callSid: call.callSid,
      queueName: call.queueName,
      priority: call.priority,
      enqueuedAt: call.enqueuedAt.toISOString(),
      deadline: call.deadline.toISOString(),
      waitedSeconds: Math.max(0, Math.floor((now.getTime() - call.enqueuedAt.getTime()) / 1000)),
      offer: call.offer && {
        id: call.offer.id,
        agentId: call.offer.agentId,
        status: call.offer.status,
        attempt: call.offer.attempt,
        since: call.offer.since.toISOString(),
      },
    });
  }
  for (const count of ended) {
    const queue = queueOf(count.requiredSkills);
    count.queueNames.forEach((name) => named(queue, name));
    queue.ended.answered += count.answered;
    queue.ended.abandoned += count.abandoned;
    queue.ended.timedOut += count.timedOut;
  }
  const oldest = (q: QueueView) => Math.min(...q.waiting.map((c) => Date.parse(c.enqueuedAt)));
  return [...queues.values()]
    .map((q) => ({ ...q, names: [...q.names].sort() }))
    .sort((a, b) => oldest(a) - oldest(b) || key(a.skills).localeCompare(key(b.skills)));
}
