// What integration and end-to-end tests stand on: test databases and the test NATS, one app booted in
// the test's process, the whole stack as processes, a tenant seeded through the real APIs, JetStream
// readers, fake NATS peers and an OpenID provider. It loads the platform: unit tests import
// `@tp/fakes` instead.
export {
  createMigratedTestDatabase,
  createTestDatabase,
  MIGRATED_TEMPLATE_VARIABLE,
  TEST_NATS_URL,
  TEST_POSTGRES_URL,
  uniqueSuffix,
} from './integration-env';
export { startTestApp, type TestApp } from './integration-app';
export { readStream, waitFor } from './stream-reader';
export { fakePeer, startFakePeers, type FakePeer } from './nats-peers';
export {
  consoleOidcEnv,
  DEFAULT_TEST_AUDIENCE,
  oidcEnv,
  startTestIdentityProvider,
  type TestAccount,
  type TestIdentityProvider,
  type TestIdentityProviderOptions,
} from './oidc/test-identity-provider';
export type { SignInResult } from './oidc/sign-in';
export { openEventStream, type EventStreamReader, type ServerSentEvent } from './event-stream-reader';
export { OffsetClock } from './offset-clock';
