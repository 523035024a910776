/**
 * The console's browser tests (real Chromium against the real stack) and the apps' sign-in through
 * the OpenID provider: one stack shared by the suites (`shared-console-stack.ts`), each suite with
 * tenants and accounts of its own. Run one suite with `npx jest test/console -t '<its title>'`.
 */
import { closeSharedConsoleStack } from './shared-console-stack';
import './walkthrough.suite';
import './isolation.suite';
import './field-errors.suite';
import './accessibility.suite';
import './oidc-sign-in.suite';
import './queues-activity.suite';
import './flow-designer.suite';
import './flow-designer-customer.suite';
import './sms-settings.suite';

afterAll(async () => {
  await closeSharedConsoleStack();
});
