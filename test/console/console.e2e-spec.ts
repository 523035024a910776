/**
 * The console's browser tests: real Chromium against the real stack, one stack shared by the
 * suites (`shared-console-stack.ts`), each suite with tenants of its own. Run one suite with
 * `npx jest test/console -t '<its describe title>'`.
 */
import { closeSharedConsoleStack } from './shared-console-stack';
import './walkthrough.suite';
import './isolation.suite';
import './field-errors.suite';
import './accessibility.suite';

afterAll(async () => {
  await closeSharedConsoleStack();
});
