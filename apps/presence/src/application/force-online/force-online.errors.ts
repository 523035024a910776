import { DomainError } from '@tp/ddd';

/** The agent is not a user of the tenant (or is disabled): they can have no presence. */
export class AgentUnknown extends DomainError {
  readonly code = 'PRESENCE.AGENT_UNKNOWN';
  readonly kind = 'not-found' as const;

  constructor(agentId: string) {
    super(`agent ${agentId} is not a user of this tenant`, { agentId });
  }
}

/** Identity did not answer whether someone is an agent, so nothing was changed. */
export class AgentDirectoryUnavailable extends DomainError {
  readonly code = 'PRESENCE.AGENT_DIRECTORY_UNAVAILABLE';
  readonly kind = 'unavailable' as const;

  constructor(reason: string) {
    super(`cannot tell who the agents are right now (${reason}); nothing was changed`, {});
  }
}
