import { startTestStack, type TestStack } from '../support/stack';

/**
 * One stack (five apps on their default settings) for every call-in suite of
 * `call-in.e2e-spec.ts`. Starting one costs seconds of CPU; the suites stay independent because each
 * has a tenant, contact points and agents' numbers of its own, and none stops or reconfigures an app.
 */
let started: Promise<TestStack> | undefined;

/** The shared stack, started by the first suite that asks. */
export function sharedCallInStack(): Promise<TestStack> {
  started ??= startTestStack('call_in');
  return started;
}

export async function closeSharedCallInStack(): Promise<void> {
  const stack = await started?.catch(() => undefined);
  started = undefined;
  await stack?.close();
}
