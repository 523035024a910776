import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../../libs/stack-harness/src/stack';
import { startChaosSuite, type ChaosSuite, type FaultReport } from './chaos-suite';
import { reportTable } from './report-table';
import {
  killNatsServer,
  killOneReplicaOfEachApp,
  natsDown,
  postgresDown,
  stallNatsServer,
  together,
  type Fault,
} from './faults';

/**
 * The full chaos run, `npm run chaos` (minutes; `npm test` runs test/chaos.e2e-spec.ts instead):
 * every fault on its own, then several at once, under a steady load of agents' calls, each checked
 * as test/chaos/consistency.ts says. The table is printed and written to .tmp/chaos-report.md.
 */
jest.setTimeout(10 * 60_000);

const SECOND = 1000;

/** The fault, and the second of the minute it starts at (agents' expiries fall on whole minutes: some fall inside it). */
const FAULTS: [Fault, number | undefined][] = [
  [killOneReplicaOfEachApp(0), 58],
  [killNatsServer(0, 10 * SECOND), 55],
  [natsDown(60 * SECOND), undefined],
  [postgresDown(30 * SECOND), 40],
  [stallNatsServer(2, 10 * SECOND), 55],
  [together(killOneReplicaOfEachApp(1), killNatsServer(1, 10 * SECOND)), 55],
  [together(postgresDown(30 * SECOND), stallNatsServer(0, 10 * SECOND)), 40],
  [together(natsDown(30 * SECOND), postgresDown(30 * SECOND), killOneReplicaOfEachApp(0)), 40],
];

describe('chaos (full): every fault, then overlapping ones', () => {
  let suite: ChaosSuite;
  const reports: FaultReport[] = [];

  beforeAll(async () => {
    suite = await startChaosSuite({ agents: 40, concurrency: 3, pauseMs: 200 });
  });

  afterAll(async () => {
    const table = reportTable(reports);
    process.stderr.write(`\n${table}\n`);
    const dir = join(repositoryRoot(__dirname), '.tmp');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'chaos-report.md'), `${table}\n\n${JSON.stringify(reports, null, 2)}\n`);
    await suite?.close();
  });

  it.each(FAULTS.map(([fault, atSecond]) => [fault.name, fault, atSecond] as const))(
    '%s: no event lost or twice, stores agree, no late expiry, TwiML to every webhook',
    async (_name, fault, atSecond) => {
      const report = await suite.run(fault, atSecond);
      reports.push(report);
      process.stderr.write(`${reportTable([report]).split('\n')[2]}\n`);
      expect(report.nonTwiml).toBe(0);
      expect(report.consistency.lost).toEqual([]);
      expect(report.consistency.duplicated).toEqual([]);
      expect(report.consistency.disagreeing).toEqual([]);
      expect(report.consistency.lateExpiries).toEqual([]);
      expect(report.readyDuringOutage).toEqual([]);
      expect(report.readyAfterMs).toBeLessThanOrEqual(2000);
    },
  );
});
