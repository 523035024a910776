import { DomainError } from '@tp/ddd';
import type { FlowProblem } from './flow-graph';

// ---- Flows -------------------------------------------------------------------------------------

/** A flow name that is blank, too long or holds control characters. */
export class FlowNameInvalid extends DomainError {
  readonly code = 'FLOW.NAME_INVALID';
  readonly kind = 'invalid' as const;

  constructor(reason: string) {
    super(`the flow name ${reason}`, { field: 'name', reason });
  }
}

/** A flow type this product does not run. */
export class FlowTypeUnknown extends DomainError {
  readonly code = 'FLOW.TYPE_UNKNOWN';
  readonly kind = 'invalid' as const;

  constructor(type: string, known: readonly string[]) {
    super(`the flow type "${type}" is not one of ${known.join(', ')}`, { field: 'type', type, known });
  }
}

/** No flow with this id in the tenant (another tenant's flow included). */
export class FlowNotFound extends DomainError {
  readonly code = 'FLOW.NOT_FOUND';
  readonly kind = 'not-found' as const;

  constructor(flowId: string) {
    super(`no flow ${flowId}`, { flowId });
  }
}

/** The flow has no version of this number. */
export class FlowVersionNotFound extends DomainError {
  readonly code = 'FLOW.VERSION_NOT_FOUND';
  readonly kind = 'not-found' as const;

  constructor(flowId: string, version: number) {
    super(`flow ${flowId} has no version ${version}`, { flowId, version });
  }
}

/** Another flow of the tenant has this name (ignoring case and surrounding space). */
export class FlowNameTaken extends DomainError {
  readonly code = 'FLOW.NAME_TAKEN';
  readonly kind = 'conflict' as const;

  constructor(name: string) {
    super(`another flow is already called "${name}"`, { field: 'name', name });
  }
}

/** The flow changed between reading and saving it (another admin, another replica). */
export class FlowChangedConcurrently extends DomainError {
  readonly code = 'FLOW.CHANGED_CONCURRENTLY';
  readonly kind = 'conflict' as const;

  constructor(flowId: string, expectedRevision: number) {
    super(`flow ${flowId} changed meanwhile; try again`, { flowId, expectedRevision });
  }
}

/**
 * A graph that cannot be published, with every problem found: each names its code, the node and
 * the field (`nodes[1].params.presetHours[2]`, as in the version's body).
 */
export class FlowGraphInvalid extends DomainError {
  readonly code = 'FLOW.GRAPH_INVALID';
  readonly kind = 'invalid' as const;

  constructor(
    readonly problems: readonly FlowProblem[],
    extra: Record<string, unknown> = {},
  ) {
    super(`the flow cannot be published: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, {
      problems: problems.map((p) => ({ ...p })),
      ...extra,
    });
  }
}

/** A graph beyond the size limits (nodes, edges). */
export class FlowGraphTooLarge extends DomainError {
  readonly code = 'FLOW.GRAPH_TOO_LARGE';
  readonly kind = 'invalid' as const;

  constructor(field: 'nodes' | 'edges', count: number, max: number) {
    super(`a flow graph holds at most ${max} ${field}, got ${count}`, { field, count, max });
  }
}

/** The flow has no published version, so no call can run it. */
export class FlowNotPublished extends DomainError {
  readonly code = 'FLOW.NOT_PUBLISHED';
  readonly kind = 'conflict' as const;

  constructor(flowId: string) {
    super(`flow ${flowId} has no published version`, { flowId });
  }
}

/** The published version does not start with a Timed Presence activity (Entry -> Timed Presence). */
export class FlowHasNoTimedPresence extends DomainError {
  readonly code = 'FLOW.NO_TIMED_PRESENCE_ACTIVITY';
  readonly kind = 'conflict' as const;

  constructor(flowId: string, version: number) {
    super(`version ${version} of flow ${flowId} does not run a Timed Presence activity after its Entry`, {
      flowId,
      version,
    });
  }
}

// ---- Sessions ----------------------------------------------------------------------------------

/** No session with this id in the tenant. */
export class FlowSessionNotFound extends DomainError {
  readonly code = 'FLOW.SESSION_NOT_FOUND';
  readonly kind = 'not-found' as const;

  constructor(sessionId: string) {
    super(`no flow session ${sessionId}`, { sessionId });
  }
}

/** Keys for a turn the session is not at (neither the current turn nor one already answered). */
export class FlowSessionTurnMismatch extends DomainError {
  readonly code = 'FLOW.SESSION_TURN_MISMATCH';
  readonly kind = 'conflict' as const;

  constructor(sessionId: string, expected: number, received: number) {
    super(`session ${sessionId} is at turn ${expected}, not ${received}`, { sessionId, expected, received });
  }
}

/** Keys after the session's last turn, which ended the call. */
export class FlowSessionEnded extends DomainError {
  readonly code = 'FLOW.SESSION_ENDED';
  readonly kind = 'conflict' as const;

  constructor(sessionId: string, turn: number) {
    super(`session ${sessionId} ended at turn ${turn}`, { sessionId, turn });
  }
}

/** The stored session changed between reading and saving it. */
export class FlowSessionChangedConcurrently extends DomainError {
  readonly code = 'FLOW.SESSION_CHANGED_CONCURRENTLY';
  readonly kind = 'conflict' as const;

  constructor(sessionId: string, expectedTurn: number) {
    super(`session ${sessionId} moved on meanwhile`, { sessionId, expectedTurn });
  }
}

/** A stored session that breaks an invariant. */
export class FlowSessionStateInvalid extends DomainError {
  readonly code = 'FLOW.SESSION_STATE_INVALID';
  readonly kind = 'invalid' as const;

  constructor(problem: string) {
    super(`the flow session cannot be restored: ${problem}`, { problem });
  }
}

/**
 * A request a session of this kind does not take: keys (`session-input`) for a caller waiting in a
 * queue, a `queue-result` for a Timed Presence session.
 */
export class FlowSessionCommandUnexpected extends DomainError {
  readonly code = 'FLOW.SESSION_COMMAND_UNEXPECTED';
  readonly kind = 'conflict' as const;

  constructor(sessionId: string, received: SessionCommand, expected: SessionCommand) {
    super(`session ${sessionId} takes ${expected}, not ${received}`, { sessionId, received, expected });
  }
}
export type SessionCommand = 'session-input' | 'queue-result';

/**
 * A customer flow that cannot be run on from where the call is: a gap, a node a customer flow does
 * not run, or more nodes in one turn than allowed (a published version never has these).
 */
export class FlowWalkBroken extends DomainError {
  readonly code = 'FLOW.WALK_BROKEN';
  readonly kind = 'invalid' as const;

  constructor(reason: string) {
    super(`the customer flow cannot go on: ${reason}`, { reason });
  }
}

// ---- Other services ----------------------------------------------------------------------------

export type Dependency = 'identity' | 'presence' | 'media';

/** A service the flow needs did not answer in time, or answered with an error. */
export class DependencyUnavailable extends DomainError {
  readonly code = 'FLOW.DEPENDENCY_UNAVAILABLE';
  readonly kind = 'unavailable' as const;

  constructor(
    readonly dependency: Dependency,
    reason: string,
  ) {
    super(`${dependency} is unavailable: ${reason}`, { dependency, reason });
  }
}
