export { isLookupableCallerId } from './caller-id';
export {
  APOLOGY_TEXT,
  EXPIRY_NOTICE_TEXT,
  apologySteps,
  builtInText,
  expiryNoticeSteps,
  promptIdsFor,
  statusText,
  toChannelSteps,
  type PromptContents,
} from './channel-steps';
export {
  FLOW_NAME_MAX_LENGTH,
  FLOW_TYPES,
  Flow,
  FlowVersion,
  flowNameKey,
  parseFlowName,
  parseFlowType,
  type FlowEvent,
  type FlowProps,
  type FlowType,
  type FlowVersionProps,
} from './flow';
export {
  DEFAULT_BRANCH,
  ENTRY,
  EXIT,
  MAX_GRAPH_EDGES,
  MAX_GRAPH_NODES,
  NODE_ID_PATTERN,
  checkGraphSize,
  firstOnDefaultPath,
  promptRefsOf,
  validateFlowGraph,
  type FlowEdge,
  type FlowGraph,
  type FlowNode,
  type FlowProblem,
  type NodeKind,
  type NodeKinds,
  type PromptRef,
} from './flow-graph';
export {
  FlowSession,
  type AgentLoggedIn,
  type FlowSessionEvent,
  type FlowSessionProps,
  type FlowSessionStatus,
} from './flow-session';
export {
  DependencyUnavailable,
  FlowChangedConcurrently,
  FlowGraphInvalid,
  FlowGraphTooLarge,
  FlowHasNoTimedPresence,
  FlowNameInvalid,
  FlowNameTaken,
  FlowNotFound,
  FlowNotPublished,
  FlowSessionChangedConcurrently,
  FlowSessionEnded,
  FlowSessionNotFound,
  FlowSessionStateInvalid,
  FlowSessionTurnMismatch,
  FlowTypeUnknown,
  FlowVersionNotFound,
  type Dependency,
} from './flow.errors';
export { ENTRY_NODE, EXIT_NODE, NODE_KINDS } from './node-kinds';
export { AgentDirectory, type Agent, type PinCheck } from './ports/agent-directory.port';
export { NO_DEADLINE, type CallBudget } from './ports/call-budget';
export { PresenceGateway, type AgentPresenceState, type Login } from './ports/presence-gateway.port';
export { PromptCatalog } from './ports/prompt-catalog.port';
export { FlowRepository, type FlowPage, type FlowUsingPrompts } from './ports/flow-repository.port';
export { FlowSessionRepository, type AgentLogin } from './ports/flow-session-repository.port';
export {
  OPTIONAL_PROMPT_ROLES,
  REQUIRED_PROMPT_ROLES,
  TIMED_PRESENCE,
  TIMED_PRESENCE_DEFAULTS,
  TIMED_PRESENCE_NODE,
  TimedPresenceParamsInvalid,
  ivrConfigOf,
  parseTimedPresenceParams,
  timedPresenceSettings,
  type TimedPresenceSettings,
} from './timed-presence-activity';
