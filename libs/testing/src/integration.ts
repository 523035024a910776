// Helpers of integration and e2e tests (they load the platform; unit tests import `@tp/testing`).
export { createTestDatabase, TEST_NATS_URL, TEST_POSTGRES_URL, uniqueSuffix } from './integration-env';
export { startTestApp, type TestApp } from './integration-app';
export { readStream, waitFor } from './stream-reader';
export { openEventStream, type EventStreamReader, type ServerSentEvent } from './event-stream-reader';
export {
  CallSimulator,
  parseTwiml,
  SimulatedCall,
  type Heard,
  type PendingEnqueue,
  type PendingGather,
  type SimulatorOptions,
  type TwimlVerb,
} from './twilio/call-simulator';
export {
  AgentLeg,
  CustomerCall,
  TwilioNetwork,
  type PhoneBehaviour,
  type TwilioNetworkOptions,
} from './twilio/twilio-network';
export {
  startTwilioRestDouble,
  type DequeueListener,
  type MemberUpdate,
  type PlacedCall,
  type QueueMemberView,
  type TwilioRestDouble,
} from './twilio/twilio-rest-double';
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
