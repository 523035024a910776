// The order `npm test` runs its files in, two at a time. Jest's own order puts the slowest files
// first when it has timed them (a rerun on the same checkout) and the largest first when it has not
// (a fresh clone, as in CI); but the end-to-end files that share one stack are a few lines that
// import their suites, so by size the longest files of the run would start last and run alone at
// its end. Without timings, this runs the end-to-end tier first, then integration, then unit (the
// many short files fill the gaps at the end), each tier's files largest first, a shared-stack file
// weighing as much as its suites.
const { readdirSync, statSync } = require('node:fs');
const { dirname, join } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const TIERS = ['e2e', 'integration', 'unit'];

function tier(test) {
  const index = TIERS.indexOf(test.context.config.displayName?.name);
  return index === -1 ? TIERS.length : index;
}

function weight(test) {
  const dir = dirname(test.path);
  const suites = readdirSync(dir).filter((name) => name.endsWith('.suite.ts'));
  return suites.reduce((sum, name) => sum + statSync(join(dir, name)).size, statSync(test.path).size);
}

class TierSequencer extends Sequencer {
  sort(tests) {
    if (tests.every((test) => this.time(test) != null)) return super.sort(tests);
    const weights = new Map(tests.map((test) => [test, weight(test)]));
    return [...tests].sort(
      (a, b) =>
        Number(this.hasFailed(b)) - Number(this.hasFailed(a)) ||
        tier(a) - tier(b) ||
        weights.get(b) - weights.get(a),
    );
  }
}

module.exports = TierSequencer;
