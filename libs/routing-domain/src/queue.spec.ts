import {
  byOfferOrder,
  isWaiting,
  queueOutcomeOf,
  queuePosition,
  statusAfterOutcome,
  twilioQueueName,
  waitDeadline,
  waitDecision,
  type WaitingCallStatus,
} from './queue';

const T = (second: number) => new Date(Date.UTC(2026, 10, 24, 12, 0, second));
const call = (id: string, priority: number, second: number, status: WaitingCallStatus = 'waiting') => ({
  id,
  priority,
  enqueuedAt: T(second),
  status,
});

describe('offer order of waiting calls', () => {
  it('offers higher priority first, then the longest waiting, then by id', () => {
    const calls = [call('d', 0, 1), call('c', 5, 9), call('b', 5, 3), call('a', 5, 3), call('e', 10, 30)];
    expect([...calls].sort(byOfferOrder).map((c) => c.id)).toEqual(['e', 'a', 'b', 'c', 'd']);
  });

  it.each([
    ['the only caller', call('x', 0, 5), [], 1],
    ['behind an older caller of the same priority', call('x', 0, 5), [call('y', 0, 1)], 2],
    ['before a newer caller', call('x', 0, 5), [call('y', 0, 9)], 1],
    ['behind a newer caller of higher priority', call('x', 0, 5), [call('y', 3, 9)], 2],
    ['before an older caller of lower priority', call('x', 3, 5), [call('y', 0, 1)], 1],
    [
      'not behind callers who were answered or left',
      call('x', 0, 5),
      [call('y', 0, 1, 'bridged'), call('z', 0, 2, 'left')],
      1,
    ],
    ['behind a caller being offered', call('x', 0, 5), [call('y', 0, 1, 'offering')], 2],
    ['itself counted once', call('x', 0, 5), [call('x', 0, 5)], 1],
    ['nowhere once answered', call('x', 0, 5, 'bridged'), [call('y', 0, 1)], null],
  ] as const)('tells %s its place', (_name, self, others, expected) => {
    expect(queuePosition(self, others)).toBe(expected);
  });

  it('counts only waiting and offering calls as waiting', () => {
    expect(
      ['waiting', 'offering', 'bridged', 'left', 'abandoned'].map((s) => isWaiting(s as WaitingCallStatus)),
    ).toEqual([true, true, false, false, false]);
  });
});

describe('the maximum wait', () => {
  const deadline = waitDeadline(T(0), 30);

  it('ends maxWaitS after the call was enqueued', () => {
    expect(deadline).toEqual(T(30));
  });

  it.each([
    ['waiting, before the deadline', 'waiting', T(29), 'hold'],
    ['waiting, at the deadline', 'waiting', T(30), 'leave'],
    ['being offered, past the deadline', 'offering', T(31), 'leave'],
    ['bridged, past the deadline (the agent is dequeuing it)', 'bridged', T(45), 'hold'],
    ['already left', 'left', T(1), 'leave'],
    ['abandoned', 'abandoned', T(1), 'leave'],
  ] as const)('%s: %s', (_name, status, now, expected) => {
    expect(waitDecision({ status, deadline }, now)).toBe(expected);
  });
});

describe("Twilio's QueueResult", () => {
  it.each([
    ['bridged', 'answered', 'bridged'],
    ['hangup', 'abandoned', 'abandoned'],
    ['leave', 'timeout', 'left'],
    ['redirected', 'timeout', 'left'],
    ['queue-full', 'timeout', 'left'],
    ['error', 'timeout', 'left'],
    ['system-error', 'timeout', 'left'],
    [undefined, 'timeout', 'left'],
  ] as const)('%s is %s', (result, outcome, status) => {
    expect(queueOutcomeOf(result)).toBe(outcome);
    expect(statusAfterOutcome(outcome)).toBe(status);
  });

  it('names one queue per call within 64 characters', () => {
    const sid = `CA${'0'.repeat(32)}`;
    expect(twilioQueueName(sid)).toBe(`tp-${sid}`);
    expect(() => twilioQueueName('x'.repeat(62))).toThrow(/64/);
  });
});
