export { FixedClock } from './fixed-clock';
export { AgentPresenceBuilder, anAgentPresence } from './agent-presence.builder';
export { InMemoryPresenceRepository } from './in-memory-presence.repository';
