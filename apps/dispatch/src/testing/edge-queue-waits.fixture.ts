// A caller in a queue from the edge through the routing seam: the routing wing on fakes
// (queue-waits.fixture.ts) with the edge's three doors to a queue in front of it.
import type { Deadline } from '@tp/ddd';
import type { SessionTurn } from '@tp/contracts';
import { CallTurns, type TurnContext } from '../edge/application/call-turns';
import { EndQueueWaitCommand } from '../edge/application/end-queue-wait/end-queue-wait.command';
import { EndQueueWaitHandler } from '../edge/application/end-queue-wait/end-queue-wait.handler';
import { CONTEXT, enqueueStep, GREETING, routingQueueSetup, turn } from './queue-waits.fixture';
import { ScriptedFlowSessions } from './scripted-flow-sessions';

/**
 * {@link routingQueueSetup} with flow-runtime scripted (`sessions`) and the edge's doors to a
 * queue (`queues`): a flow turn, the wait URL, the end of the wait; `enqueued` answers the caller's
 * turn ending in `enqueue` through the edge.
 */
export function edgeQueueSetup(env: Record<string, string> = {}) {
  const world = routingQueueSetup(env);
  const sessions = new ScriptedFlowSessions();
  const turns = new CallTurns(world.routing);
  const endWait = new EndQueueWaitHandler(world.routing, sessions, turns);
  /** The edge's three doors to a queue: a flow turn, the wait URL, the end of the wait. */
  const queues = {
    answerTurn: (t: SessionTurn, context: TurnContext) => turns.answer(t, context),
    wait: world.queues.wait,
    result: (
      tenantId: string | null,
      callSid: string,
      id: string,
      queueResult: string | undefined,
      deadline: Deadline,
    ) => endWait.execute(new EndQueueWaitCommand(tenantId, callSid, id, queueResult, deadline)),
  };

  /** The caller's turn ending in `enqueue`, answered: the waiting call's id. */
  const enqueued = async (step = enqueueStep(), context: TurnContext = CONTEXT, n = 2) => {
    const answer = await queues.answerTurn(turn(n, [GREETING, step]), context);
    const last = answer.steps[answer.steps.length - 1];
    if (last.type !== 'wait-in-queue') throw new Error(`not enqueued: ${JSON.stringify(answer)}`);
    return last.waitingCallId;
  };
  return { ...world, sessions, queues, enqueued };
}
