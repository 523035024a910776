import { groupByQueue } from './queue-board';
import type { WaitingCallLine } from './queue-board.port';

const NOW = new Date('2026-05-01T12:00:00.000Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);

function line(
  id: string,
  skills: string[],
  waitedS: number,
  overrides: Partial<WaitingCallLine> = {},
): WaitingCallLine {
  return {
    id,
    callSid: `CA${id}`,
    queueName: 'Support',
    requiredSkills: skills,
    priority: 0,
    enqueuedAt: ago(waitedS),
    deadline: new Date(NOW.getTime() + 60_000),
    offer: null,
    ...overrides,
  };
}

describe(groupByQueue.name, () => {
  it('groups calls by skill set, keeps their order, counts the offers ringing and says how long each waited', () => {
    const queues = groupByQueue(
      [
        line('a', ['billing'], 30, {
          offer: { id: 'o1', agentId: 'ada', status: 'ringing', attempt: 2, since: ago(5) },
        }),
        line('b', ['billing', 'spanish'], 90, { queueName: 'Spanish billing' }),
        line('c', ['billing'], 10, { queueName: 'Billing' }),
      ],
      [],
      NOW,
    );

    expect(
      queues.map((q) => [q.skills, q.names, q.waiting.map((c) => [c.id, c.waitedSeconds]), q.ringing]),
    ).toEqual([
      [['billing', 'spanish'], ['Spanish billing'], [['b', 90]], 0],
      [
        ['billing'],
        ['Billing', 'Support'],
        [
          ['a', 30],
          ['c', 10],
        ],
        1,
      ],
    ]);
    expect(queues[1].waiting[0].offer).toEqual({
      id: 'o1',
      agentId: 'ada',
      status: 'ringing',
      attempt: 2,
      since: ago(5).toISOString(),
    });
  });

  it('adds the ended waits to their queue, and shows a queue with no call waiting after those that have', () => {
    const queues = groupByQueue(
      [line('a', ['billing'], 30)],
      [
        { requiredSkills: ['french'], queueNames: ['French'], answered: 2, abandoned: 0, timedOut: 1 },
        { requiredSkills: ['billing'], queueNames: ['Billing desk'], answered: 1, abandoned: 3, timedOut: 0 },
        { requiredSkills: [], queueNames: ['Anyone'], answered: 0, abandoned: 1, timedOut: 0 },
      ],
      NOW,
    );

    expect(queues.map((q) => [q.skills, q.names, q.waiting.length, q.ended])).toEqual([
      [['billing'], ['Billing desk', 'Support'], 1, { answered: 1, abandoned: 3, timedOut: 0 }],
      [[], ['Anyone'], 0, { answered: 0, abandoned: 1, timedOut: 0 }],
      [['french'], ['French'], 0, { answered: 2, abandoned: 0, timedOut: 1 }],
    ]);
  });
});
