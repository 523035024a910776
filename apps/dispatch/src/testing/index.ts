// In-memory fakes of dispatch's application ports, for unit tests (libs/fakes cannot import an app).
export { InMemoryRoutingQueue } from './in-memory-routing-queue';
export type { StoredAgent } from './in-memory-routing-agents';
/** An offer as the fake keeps it, and the events it records (what PostgreSQL writes to its outbox). */
export type { AgentOfferState as StoredOffer, RoutingEvent as RoutingQueueEvent } from '@tp/routing-domain';
export { FakeOutboundCalls } from './fake-outbound-calls';
export { FakeAgentContacts } from './fake-agent-contacts';
export { FakePresenceCommands, type PresenceCommand, type PresenceVerb } from './fake-presence-commands';
export { ScriptedFlowSessions } from './scripted-flow-sessions';
export { newWaitingCall } from './new-waiting-call';
export { inMemoryCallRouting } from './in-memory-call-routing';
export { InMemoryContactPointAssignments } from './in-memory-contact-point-assignments';
export { FakeOwnedNumbers } from './fake-owned-numbers';
export {
  FakeAgentDirectory,
  FakeAgentPresence,
  FakeSmsSender,
  InMemoryAgentWindows,
  InMemoryReceivedSmsLog,
  InMemorySentSmsLog,
  InMemorySmsOptOuts,
  InMemorySmsSettings,
} from './in-memory-sms';
export { smsWorld, type SmsWorld } from './sms.fixture';
