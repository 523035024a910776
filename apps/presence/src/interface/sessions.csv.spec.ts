import type { SessionRecordView } from '@tp/timed-presence-domain';
import { csvField, csvRecord, SESSION_CSV_COLUMNS, sessionsCsv } from './sessions.csv';

const session: SessionRecordView = {
  tenantId: 'acme',
  agentId: 'ann',
  sessionId: 's-1',
  startedAt: '2026-03-02T09:00:00.000Z',
  via: 'ivr-preset',
  firstPlannedEndAt: '2026-03-02T17:00:00.000Z',
  plannedEndAt: '2026-03-02T18:00:00.000Z',
  endedAt: null,
  endReason: null,
  breaks: { count: 1, seconds: 900 },
  offers: { made: 3, accepted: 1, missed: 2, missedByReason: { 'no-answer': 1, declined: 1 } },
  calls: 1,
  talkSeconds: 120,
};

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

describe('the sessions CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['lf\nonly', '"lf\nonly"'],
    [null, ''],
    [42, '42'],
  ])('quotes %j as RFC 4180 says', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('ends each record with CRLF', () => {
    expect(csvRecord(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });

  it('writes the header, then one line per session with each miss reason in its column', async () => {
    async function* one() {
      yield session;
    }

    const lines = (await text(sessionsCsv(one()))).split('\r\n');

    expect(lines[0]).toBe(SESSION_CSV_COLUMNS.join(','));
    expect(lines[0]).toContain('missed_no_answer');
    const row = Object.fromEntries(SESSION_CSV_COLUMNS.map((c, i) => [c, lines[1].split(',')[i]]));
    expect(row).toMatchObject({
      session_id: 's-1',
      via: 'ivr-preset',
      ended_at: '',
      offers_missed: '2',
      missed_no_answer: '1',
      missed_declined: '1',
      missed_busy: '0',
      break_seconds: '900',
      talk_seconds: '120',
    });
    expect(lines.slice(2)).toEqual(['']);
  });
});
