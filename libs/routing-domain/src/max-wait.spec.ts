import {
  afterDequeueAttempt,
  dequeueAttemptOf,
  isPastMaxWait,
  MAX_DEQUEUE_ATTEMPTS,
  type DequeueAttempt,
} from './max-wait';
import type { WaitingCallStatus } from './queue';

const T = (second: number) => new Date(Date.UTC(2026, 10, 24, 12, 0, second));

describe('the maximum wait enforced by dispatch', () => {
  it.each([
    ['waiting, before the deadline', 'waiting', T(29), false],
    ['waiting, at the deadline', 'waiting', T(30), true],
    ['being offered, past the deadline', 'offering', T(31), true],
    ['bridged, past the deadline (the agent won)', 'bridged', T(45), false],
    ['left already (the wait URL made it leave)', 'left', T(45), false],
    ['abandoned', 'abandoned', T(45), false],
  ] as const)('%s: ends the wait %s', (_name, status: WaitingCallStatus, now, expected) => {
    expect(isPastMaxWait({ status, deadline: T(30) }, now)).toBe(expected);
  });
});

describe('a REST dequeue request', () => {
  it.each([
    [200, 'dequeued'],
    [201, 'dequeued'],
    [404, 'not-in-queue'],
    [400, 'refused'],
    [401, 'refused'],
    [403, 'refused'],
    [429, 'failed'],
    [500, 'failed'],
    [503, 'failed'],
    [null, 'failed'],
  ] as const)('answered %s is %s', (status, attempt) => {
    expect(dequeueAttemptOf(status)).toBe(attempt);
  });

  it.each([
    ['dequeued', 1, 'done'],
    ['dequeued', MAX_DEQUEUE_ATTEMPTS, 'done'],
    ['not-in-queue', 3, 'done'],
    ['refused', 1, 'gave-up'],
    ['failed', 1, 'pending'],
    ['failed', MAX_DEQUEUE_ATTEMPTS - 1, 'pending'],
    ['failed', MAX_DEQUEUE_ATTEMPTS, 'gave-up'],
  ] as const)('%s on attempt %i leaves the dequeue %s', (attempt: DequeueAttempt, attempts, status) => {
    expect(afterDequeueAttempt(attempt, attempts)).toBe(status);
  });

  it('gives up after the number of attempts it is told', () => {
    expect([1, 2, 3].map((n) => afterDequeueAttempt('failed', n, 3))).toEqual([
      'pending',
      'pending',
      'gave-up',
    ]);
  });
});
