/**
 * The whole stack in the test's process on a clock the test sets (libs/stack-harness's
 * `startInProcessStack`), with the same tools as `startTestStack`: for what must happen at a
 * moment other than now, such as a call on a daylight-saving night. Its own file, so that the
 * tests of the process stack do not load the apps' sources.
 */
import type { Clock } from '@tp/ddd';
import { TEST_NATS_URL } from '@tp/stack-harness';
import { dispatchApp } from '../../apps/dispatch/src/dispatch.app';
import { flowRuntimeApp } from '../../apps/flow-runtime/src/flow-runtime.app';
import { identityApp } from '../../apps/identity/src/identity.app';
import { mediaApp } from '../../apps/media/src/media.app';
import { presenceApp } from '../../apps/presence/src/presence.app';
import { startInProcessStack, type InProcessStack } from '../../libs/stack-harness/src/in-process-stack';
import { withTestTools, type TestTools } from './stack';

export type InProcessTestStack = InProcessStack & TestTools;

export function startInProcessTestStack(label: string, clock: Clock): Promise<InProcessTestStack> {
  return withTestTools(label, (db) =>
    startInProcessStack({
      apps: {
        identity: identityApp,
        media: mediaApp,
        'flow-runtime': flowRuntimeApp,
        presence: presenceApp,
        dispatch: dispatchApp,
      },
      clock,
      databaseUrl: db.url,
      migrated: db.migrated,
      natsUrl: TEST_NATS_URL,
    }),
  );
}
