export { FixedClock } from './fixed-clock';
export { AgentPresenceBuilder, anAgentPresence } from './agent-presence.builder';
export { InMemoryPresenceRepository } from './in-memory-presence.repository';
export { InMemoryPromptRepository } from './in-memory-prompt.repository';
export { FakePromptUsage } from './fake-prompt-usage';
export { PromptBuilder, aPrompt } from './prompt.builder';
