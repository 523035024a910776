import { Readable } from 'node:stream';
import { OFFER_MISS_REASONS } from '@tp/contracts';
import type { SessionRecordView } from '@tp/timed-presence-domain';

/** One CSV field, RFC 4180: quoted when it holds a comma, a double quote, CR or LF; quotes doubled. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated (RFC 4180). */
export function csvRecord(fields: readonly (string | number | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export const SESSION_CSV_COLUMNS = [
  'session_id',
  'agent_id',
  'started_at',
  'via',
  'first_planned_end_at',
  'planned_end_at',
  'ended_at',
  'end_reason',
  'break_count',
  'break_seconds',
  'offers_made',
  'offers_accepted',
  'offers_missed',
  ...OFFER_MISS_REASONS.map((r) => `missed_${r.replace(/-/g, '_')}`),
  'calls',
  'talk_seconds',
] as const;

export function sessionCsvRow(s: SessionRecordView): string {
  const missed = s.offers.missedByReason as Record<string, number | undefined>;
  return csvRecord([
    s.sessionId,
    s.agentId,
    s.startedAt,
    s.via,
    s.firstPlannedEndAt,
    s.plannedEndAt,
    s.endedAt,
    s.endReason,
    s.breaks.count,
    s.breaks.seconds,
    s.offers.made,
    s.offers.accepted,
    s.offers.missed,
    ...OFFER_MISS_REASONS.map((r) => missed[r] ?? 0),
    s.calls,
    s.talkSeconds,
  ]);
}

/** The header and one line per session, produced as the sessions are read (never all in memory). */
export function sessionsCsv(sessions: AsyncIterable<SessionRecordView>): Readable {
  return Readable.from(
    (async function* () {
      // Lines go out in chunks of about 64 KB: one write per line costs more than the lines.
      let chunk = csvRecord(SESSION_CSV_COLUMNS);
      for await (const session of sessions) {
        chunk += sessionCsvRow(session);
        if (chunk.length >= 65_536) {
          yield chunk;
          chunk = '';
        }
      }
      yield chunk;
    })(),
    { objectMode: false },
  );
}
