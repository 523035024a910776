/**
 * Agents calling in, end to end through the call simulator: the IVR's every path, its edges
 * (signatures, retries, an app not answering), online until a time of day, and the SMS around the
 * window, and an admin's change heard by the next call. One stack shared by the suites (`shared-call-in-stack.ts`), each suite with a tenant and
 * numbers of its own. Run one suite with `npx jest test/call-in -t '<its title>'`.
 */
import { closeSharedCallInStack } from './shared-call-in-stack';
import './call-in.suite';
import './call-in-resilience.suite';
import './until-time.suite';
import './agent-sms.suite';
import './admin-changes.suite';

afterAll(async () => {
  await closeSharedCallInStack();
});
