// In-memory fakes of dispatch's application ports, for unit tests (libs/fakes cannot import an app).
export {
  InMemoryRoutingQueue,
  type RoutingQueueEvent,
  type StoredAgent,
  type StoredOffer,
} from './in-memory-routing-queue';
export { FakeOutboundCalls } from './fake-outbound-calls';
export { FakeAgentContacts } from './fake-agent-contacts';
export { FakePresenceCommands, type PresenceCommand, type PresenceVerb } from './fake-presence-commands';
export { ScriptedFlowSessions } from './scripted-flow-sessions';
export { newWaitingCall } from './new-waiting-call';
export { inMemoryCallRouting } from './in-memory-call-routing';
export { InMemoryContactPointAssignments } from './in-memory-contact-point-assignments';
export { FakeOwnedNumbers } from './fake-owned-numbers';
