import { OFFER_MISS_REASONS } from '@tp/contracts';
import {
  afterMiss,
  canTransition,
  countsAgainstAgent,
  excludesAgentFromCall,
  isTerminalLegStatus,
  missReasonOfLegStatus,
  offerHoldMs,
  OFFER_STATUSES,
  screeningAnswer,
  wrapUpEndsAt,
  type OfferStatus,
} from './offer';

describe('the agent leg', () => {
  it.each([
    ['queued', null, false],
    ['initiated', null, false],
    ['ringing', null, false],
    ['in-progress', null, false],
    ['no-answer', 'no-answer', true],
    ['busy', 'busy', true],
    ['failed', 'failed', true],
    ['canceled', 'canceled', true],
    ['completed', 'hung-up', true],
  ])('%s while ringing is a miss: %s', (status, miss, terminal) => {
    expect(missReasonOfLegStatus(status)).toBe(miss);
    expect(isTerminalLegStatus(status)).toBe(terminal);
  });
});

describe('screening keys', () => {
  it.each([
    ['1', { accept: true }],
    [null, { accept: false, miss: 'no-key' }],
    ['', { accept: false, miss: 'no-key' }],
    ['2', { accept: false, miss: 'declined' }],
    ['*', { accept: false, miss: 'declined' }],
  ])('%j', (digits, expected) => {
    expect(screeningAnswer(digits)).toEqual(expected);
  });
});

describe('consecutive misses', () => {
  it('counts every miss of the agent; the third in a row makes them unreachable, and stays counted', () => {
    let misses = 0;
    const seen: boolean[] = [];
    for (let i = 0; i < 3; i += 1) {
      const next = afterMiss(misses, 'no-answer', 3);
      misses = next.consecutiveMisses;
      seen.push(next.unreachable);
    }
    expect(seen).toEqual([false, false, true]);
    expect(misses).toBe(3);
    expect(afterMiss(3, 'busy', 3)).toEqual({ consecutiveMisses: 4, unreachable: true });
  });

  it('does not count a caller who left first, nor an offer given up without a callback', () => {
    expect(afterMiss(2, 'caller-gone', 3)).toEqual({ consecutiveMisses: 2, unreachable: false });
    expect(afterMiss(2, 'timed-out', 3)).toEqual({ consecutiveMisses: 2, unreachable: false });
    expect(afterMiss(2, 'not-placed', 3)).toEqual({ consecutiveMisses: 2, unreachable: false });
    expect(OFFER_MISS_REASONS.filter((r) => !countsAgainstAgent(r))).toEqual([
      'caller-gone',
      'timed-out',
      'not-placed',
    ]);
  });

  it('passes the agent over for the rest of the call after any miss but one that was never placed', () => {
    expect(OFFER_MISS_REASONS.filter((r) => !excludesAgentFromCall(r))).toEqual(['not-placed']);
  });

  it('with a maximum of 1, one miss is enough', () => {
    expect(afterMiss(0, 'no-key', 1)).toEqual({ consecutiveMisses: 1, unreachable: true });
  });
});

describe('offer transitions', () => {
  const table: [OfferStatus, boolean, boolean, boolean, boolean][] = [
    // from, ring, accept, miss, end
    ['placing', true, true, true, false],
    ['ringing', false, true, true, false],
    ['accepted', false, false, false, true],
    ['missed', false, false, false, false],
    ['ended', false, false, false, false],
  ];
  it.each(table)('from %s: ring %s, accept %s, miss %s, end %s', (from, ring, accept, miss, end) => {
    expect(canTransition(from, 'ring')).toBe(ring);
    expect(canTransition(from, 'accept')).toBe(accept);
    expect(canTransition(from, 'miss')).toBe(miss);
    expect(canTransition(from, 'end')).toBe(end);
  });

  it('covers every status', () => {
    expect(table.map(([s]) => s)).toEqual([...OFFER_STATUSES]);
  });
});

describe('times', () => {
  it('holds the agent for ringing, screening and a margin', () => {
    expect(offerHoldMs(20, 10)).toBe(50_000);
  });

  it('frees the agent after the wrap-up', () => {
    expect(wrapUpEndsAt(new Date('2026-11-24T12:00:00Z'), 10)).toEqual(new Date('2026-11-24T12:00:10Z'));
  });
});
