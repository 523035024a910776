import {
  applyCallStatus,
  isTerminalCallStatus,
  NO_SEQUENCE,
  parseCallStatus,
  parseSequenceNumber,
  type CallProgress,
  type CallStatus,
} from './index';

const at = (status: CallStatus, sequence: number): CallProgress => ({ status, sequence });

describe(applyCallStatus.name, () => {
  it('takes the first report of a call', () => {
    expect(applyCallStatus(null, at('ringing', NO_SEQUENCE))).toEqual(at('ringing', NO_SEQUENCE));
  });

  it.each([
    ['a newer report', at('ringing', 0), at('in-progress', 1), at('in-progress', 1)],
    [
      'a numbered report over the first webhook',
      at('ringing', NO_SEQUENCE),
      at('ringing', 0),
      at('ringing', 0),
    ],
    [
      'an unnumbered report over an unnumbered one',
      at('queued', NO_SEQUENCE),
      at('ringing', NO_SEQUENCE),
      at('ringing', NO_SEQUENCE),
    ],
    ['the end of the call', at('in-progress', 2), at('completed', 3), at('completed', 3)],
  ])('applies %s', (_case, current, report, expected) => {
    expect(applyCallStatus(current, report)).toEqual(expected);
  });

  it.each([
    ['an older report arriving late', at('in-progress', 2), at('ringing', 1)],
    ['the same report twice', at('in-progress', 2), at('in-progress', 2)],
    ['an unnumbered report over a numbered one', at('in-progress', 2), at('ringing', NO_SEQUENCE)],
    ['anything after the call ended', at('completed', 3), at('in-progress', 9)],
    ['a second ending', at('no-answer', 1), at('completed', 2)],
  ])('ignores %s', (_case, current, report) => {
    expect(applyCallStatus(current, report)).toBeNull();
  });
});

describe('call status words', () => {
  it.each([
    ['completed', true],
    ['busy', true],
    ['failed', true],
    ['no-answer', true],
    ['canceled', true],
    ['queued', false],
    ['initiated', false],
    ['ringing', false],
    ['in-progress', false],
  ] as const)('%s is terminal: %s', (status, terminal) => {
    expect(isTerminalCallStatus(status)).toBe(terminal);
  });

  it('reads what Twilio sends, and nothing else', () => {
    expect(parseCallStatus('in-progress')).toBe('in-progress');
    expect(parseCallStatus('answered')).toBeNull();
    expect(parseCallStatus(undefined)).toBeNull();
  });

  it.each([
    ['0', 0],
    ['17', 17],
    [undefined, NO_SEQUENCE],
    ['', NO_SEQUENCE],
    ['-1', NO_SEQUENCE],
    ['1.5', NO_SEQUENCE],
    ['9999999999', NO_SEQUENCE],
  ])('reads SequenceNumber %j as %d', (input, expected) => {
    expect(parseSequenceNumber(input)).toBe(expected);
  });
});
