import type { PrivateNats } from './private-nats';

/** The file's own NATS server (test/support/private-nats.ts), to stop and start it again. */
export function privateNats(): PrivateNats {
  const control = (globalThis as { privateNats?: PrivateNats }).privateNats;
  if (!control) throw new Error('test/support/private-nats.ts is not a setup file of this project');
  return control;
}
