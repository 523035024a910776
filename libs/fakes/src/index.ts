export { FixedClock } from './fixed-clock';
export { AgentPresenceBuilder, anAgentPresence } from './agent-presence.builder';
export { InMemoryPresenceRepository } from './in-memory-presence.repository';
export { InMemoryPromptRepository } from './in-memory-prompt.repository';
export { FakePromptUsage } from './fake-prompt-usage';
export { PromptBuilder, aPrompt } from './prompt.builder';
export { UserBuilder, aUser } from './user.builder';
export { InMemoryCallerDirectory, InMemoryUserRepository } from './in-memory-user.repository';
export { InMemoryPinFailureLog } from './in-memory-pin-failure.log';
export { InMemoryTenantRepository } from './in-memory-tenant.repository';
export { FakePinHasher } from './fake-pin-hasher';
export {
  customerGraph,
  customerPromptIds,
  loginGraph,
  promptIdsByRole,
  queueParams,
  timedPresenceParams,
  type CustomerGraphOptions,
  type CustomerPromptIds,
} from './flow-graph.builder';
export { InMemoryFlowRepository } from './in-memory-flow.repository';
export { InMemoryFlowSessionRepository } from './in-memory-flow-session.repository';
export { FakeAgentDirectory, FakePresenceGateway, FakePromptCatalog } from './fake-flow-dependencies';
export { InMemoryDispatchMappingRepository } from './dispatch/in-memory-dispatch-mapping.repository';
export { InMemoryTwilioAccountRepository } from './dispatch/in-memory-twilio-account.repository';
export { FakeFlowCatalog } from './dispatch/fake-flow-catalog';
export { InMemoryCallLog } from './dispatch/in-memory-call.log';
export { InMemoryNoticeCallRepository } from './dispatch/in-memory-notice-call.repository';
export { DispatchMappingBuilder, aMapping } from './dispatch/dispatch-mapping.builder';
