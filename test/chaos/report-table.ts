import type { FaultReport } from './chaos-suite';

/** The reports as a Markdown table (what docs/operations.md shows). */
export function reportTable(reports: FaultReport[]): string {
  const head = [
    'fault',
    'webhooks answered',
    'apologies',
    'not TwiML',
    'down for',
    'ready after return',
    'killed replicas ready after restart',
    'a call served after return',
    'streams answer after return',
    'events checked (new)',
    'lost',
    'duplicated',
    'disagreeing',
    'expiries (latest, publish lag)',
    'past expiry',
  ];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of reports) {
    const c = r.consistency;
    lines.push(
      `| ${[
        r.fault,
        r.webhooks,
        r.apologies,
        r.nonTwiml,
        `${(r.outageMs / 1000).toFixed(1)} s`,
        `${r.readyAfterMs} ms`,
        r.restartedReadyAfterMs === null ? '' : `${r.restartedReadyAfterMs} ms`,
        `${r.servedAfterMs} ms`,
        `${r.streamsAfterMs} ms`,
        `${c.events} (${r.newEvents})`,
        c.lost.length,
        c.duplicated.length,
        c.disagreeing.length,
        `${c.expiries} (${c.maxExpiryLatenessMs} ms, ${c.maxPublishLagMs} ms)`,
        c.lateExpiries.length,
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
