import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface FakeTest {
  path: string;
  context: { config: { cache: boolean; displayName: { name: string } } };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TierSequencer = require('./sequencer.js') as new (options: object) => {
  sort(tests: FakeTest[]): FakeTest[];
};

describe('the order npm test runs its files in, on a fresh clone (no timings)', () => {
  const root = mkdtempSync(join(tmpdir(), 'tp-sequencer-'));
  const file = (path: string, bytes: number) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), 'x'.repeat(bytes));
    return join(root, path);
  };
  const test = (path: string, tierName: string): FakeTest => ({
    path,
    context: { config: { cache: false, displayName: { name: tierName } } },
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('runs end-to-end files first, then integration, then unit, each largest first, a shared stack weighing its suites', () => {
    const shared = file('shared/all.e2e-spec.ts', 10);
    file('shared/one.suite.ts', 5_000);
    file('shared/two.suite.ts', 5_000);
    const plain = file('plain.e2e-spec.ts', 8_000);
    const bigUnit = file('big.spec.ts', 20_000);
    const smallUnit = file('small.spec.ts', 100);
    const integration = file('db.int-spec.ts', 50);

    const sorted = new TierSequencer({}).sort([
      test(smallUnit, 'unit'),
      test(integration, 'integration'),
      test(bigUnit, 'unit'),
      test(plain, 'e2e'),
      test(shared, 'e2e'),
    ]);

    expect(sorted.map((t) => t.path)).toEqual([shared, plain, integration, bigUnit, smallUnit]);
  });
});
