import type { TestAccount } from '@tp/stack-harness';
import { startConsoleStack, type ConsoleStack } from '../support/console';

/**
 * One console stack for every browser suite of `console.e2e-spec.ts`. Starting one (five apps, the
 * console server, an OpenID provider and Chromium) costs seconds of CPU; the suites stay independent
 * because each uses tenants, numbers and provider accounts of its own, and each opens its own
 * browser contexts.
 */
let started: Promise<ConsoleStack> | undefined;

/** The shared stack (started by the first suite that asks), with `accounts` able to sign in. */
export async function sharedConsoleStack(accounts: TestAccount[] = []): Promise<ConsoleStack> {
  started ??= startConsoleStack('console', { accounts: [] });
  const stack = await started;
  stack.provider.addAccounts(accounts);
  return stack;
}

export async function closeSharedConsoleStack(): Promise<void> {
  const stack = await started?.catch(() => undefined);
  started = undefined;
  await stack?.close();
}
