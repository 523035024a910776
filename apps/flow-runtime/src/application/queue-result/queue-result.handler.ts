import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SessionTurn } from '@tp/contracts';
import { Clock, Deadline } from '@tp/ddd';
import {
  CustomerWalk,
  FlowRepository,
  FlowSessionNotFound,
  FlowSessionRepository,
  FlowVersionNotFound,
  FlowWalkBroken,
  PromptCatalog,
  renderWalk,
  walkPromptIds,
} from '@tp/flow-domain';
import { FLOW_RUNTIME_CONFIG, type FlowRuntimeConfig } from '../../flow-runtime.config';
import { QueueResultCommand } from './queue-result.command';

/**
 * Walks a customer flow on from the Queue its caller waited in, by how the wait ended: the
 * no-agent prompt and the `timeout` branch, the `answered` branch, or (abandoned) the end. The turn
 * is worked out with the session locked, so the same result delivered twice (to any replica) is
 * answered once and the second delivery gets the stored turn. Media failing: the built-in wording.
 */
@CommandHandler(QueueResultCommand)
export class QueueResultHandler implements ICommandHandler<QueueResultCommand, SessionTurn> {
  constructor(
    private readonly flows: FlowRepository,
    private readonly sessions: FlowSessionRepository,
    private readonly prompts: PromptCatalog,
    private readonly clock: Clock,
    @Inject(FLOW_RUNTIME_CONFIG)
    private readonly config: Pick<FlowRuntimeConfig, 'FLOW_RUNTIME_DEADLINE_MS'>,
  ) {}

  execute({ tenantId, sessionId, turn, outcome, callerWaitsMs }: QueueResultCommand): Promise<SessionTurn> {
    const deadline = Deadline.after(this.config.FLOW_RUNTIME_DEADLINE_MS).within(callerWaitsMs);
    return this.sessions.withSession(tenantId, sessionId, async (session) => {
      if (session === null) throw new FlowSessionNotFound(sessionId);
      const stored = session.answered(turn, 'queue-result');
      if (stored !== null) return stored;

      const version = await this.flows.findVersion(tenantId, session.flowId, session.flowVersion);
      if (version === null) throw new FlowVersionNotFound(session.flowId, session.flowVersion);
      const waitingAt = session.waitingAt;
      if (waitingAt === null) throw new FlowWalkBroken(`session ${sessionId} waits in no queue`);
      const walk = new CustomerWalk(version.graph).queueResult(waitingAt, outcome);
      const ids = walkPromptIds(walk);
      const contents = ids.length === 0 ? new Map() : await this.prompts.contents(tenantId, ids, deadline);
      return session.advanceWalk(walk, renderWalk(walk, contents), outcome, this.clock.now());
    });
  }
}
