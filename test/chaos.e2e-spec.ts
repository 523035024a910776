import { startChaosSuite, type ChaosSuite, type FaultReport } from './chaos/chaos-suite';
import { reportTable } from './chaos/report-table';
import { killNatsServer, killOneReplicaOfEachApp, postgresDown } from './chaos/faults';

/**
 * The short chaos run of `npm test` (the full one is `npm run chaos`): the stack in its production
 * shape (three NATS servers, two replicas of every app, a PostgreSQL of its own) under a steady
 * load of agents' calls, through a kill -9 of one replica of each app, one NATS server killed and
 * restarted, and PostgreSQL stopped for a few seconds.
 */
describe('chaos (short): the stack in its production shape keeps its promises through faults', () => {
  let suite: ChaosSuite;
  const reports: FaultReport[] = [];

  beforeAll(async () => {
    suite = await startChaosSuite({ agents: 12, concurrency: 2, pauseMs: 100, untilLeadMs: 5000 });
  }, 180_000);

  afterAll(async () => {
    if (reports.length > 0) process.stderr.write(`${reportTable(reports)}\n`);
    await suite?.close();
  });

  const expectPromisesKept = (report: FaultReport) => {
    reports.push(report);
    expect(report.nonTwiml).toBe(0);
    expect(report.consistency.lost).toEqual([]);
    expect(report.consistency.duplicated).toEqual([]);
    expect(report.consistency.disagreeing).toEqual([]);
    expect(report.consistency.lateExpiries).toEqual([]);
    expect(report.readyDuringOutage).toEqual([]);
    expect(report.webhooks).toBeGreaterThan(0);
    // The replicas a fault did not kill serve again within 2 s of what it took away coming back.
    expect(report.readyAfterMs).toBeLessThanOrEqual(2000);
  };

  it('runs every stream and the KV bucket with three replicas, as production does', async () => {
    const replicas = await suite.streamReplicas();
    expect(Object.keys(replicas)).toEqual(
      expect.arrayContaining(['PRESENCE_EVENTS', 'KV_presence', 'DISPATCH_EVENTS']),
    );
    expect(new Set(Object.values(replicas))).toEqual(new Set([3]));
  });

  it('one NATS server killed and restarted: ready within 2 s of its return', async () => {
    expectPromisesKept(await suite.run(killNatsServer(1, 2000)));
  }, 120_000);

  it('PostgreSQL stopped and started: not ready meanwhile, ready within 2 s of its return', async () => {
    expectPromisesKept(await suite.run(postgresDown(5000)));
  }, 120_000);

  it('kill -9 of one replica of each app: the other replicas serve every call', async () => {
    // Last, and without waiting for the killed replicas to have started again (tens of seconds of
    // CPU on a busy machine): what is checked is that the others served meanwhile.
    expectPromisesKept(await suite.run(killOneReplicaOfEachApp(0), undefined, { awaitRestarted: false }));
  }, 120_000);
});
