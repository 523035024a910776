import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { SessionTurn } from '@tp/contracts';
import { Clock } from '@tp/ddd';
import type { TwilioAccountOwner } from '@tp/dispatch-domain';
import { queueOutcomeOf, twilioQueueName, waitDeadline, waitDecision } from '@tp/routing-domain';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../dispatch.config';
import { APOLOGY, type AnswerStep, type CallAnswer } from '../call-answer';
import type { Deadline } from '../deadline';
import { FlowSessions } from '../ports/flow-sessions.port';
import { RoutingQueue, type WaitingCall } from '../ports/routing-queue.port';
import { WaitDeadlines } from '../ports/wait-deadlines.port';
import { OfferEngine } from './offer-engine';

/** The call a flow turn belongs to, as the edge knows it. */
export interface TurnContext {
  readonly tenantId: string;
  readonly callSid: string;
  readonly twilioAccount: TwilioAccountOwner;
  /** The number the caller dialled (agents are called from it). */
  readonly contactPoint: string;
}

export const positionText = (position: number) => `You are number ${position} in line.`;

/**
 * Customer calls in queues: a flow turn ending in `enqueue` becomes a waiting call in
 * its own Twilio queue (`tp-<CallSid>`); the wait URL plays the caller's place in line and the hold
 * prompt, notes the queue's SID, and makes them leave once the maximum wait passed (the fallback of
 * the tick's own dequeue, `MaxWaitEnforcer`); the `<Enqueue>` action, and the URL a caller
 * dequeued at the maximum wait runs, report how the wait ended to flow-runtime (`queue-result`,
 * idempotent by session and turn) and answer its next turn.
 */
@Injectable()
export class QueueCalls {
  private readonly logger = new Logger(QueueCalls.name);

  constructor(
    private readonly queue: RoutingQueue,
    private readonly deadlines: WaitDeadlines,
    private readonly sessions: FlowSessions,
    private readonly engine: OfferEngine,
    private readonly clock: Clock,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
  ) {}

  /** A flow turn as the caller's answer; a final `enqueue` parks the caller and starts offering. */
  async answerTurn(turn: SessionTurn, context: TurnContext): Promise<CallAnswer> {
    const at = { sessionId: turn.sessionId, turn: turn.turn };
    const last = turn.steps[turn.steps.length - 1];
    if (last?.type !== 'enqueue') return { outcome: 'ok', steps: turn.steps, turn: at };
    const now = this.clock.now();
    const waiting = await this.queue.enqueue({
      id: randomUUID(),
      tenantId: context.tenantId,
      callSid: context.callSid,
      sessionId: turn.sessionId,
      turn: turn.turn,
      twilioAccount: context.twilioAccount,
      contactPoint: context.contactPoint,
      queueNodeId: last.queueNodeId,
      queueName: last.queueName,
      requiredSkills: last.requiredSkills,
      priority: last.priority,
      hold: last.hold,
      enqueuedAt: now,
      deadline: waitDeadline(now, last.maxWaitS),
    });
    this.engine.kick(context.tenantId);
    const steps: AnswerStep[] = [
      ...turn.steps.slice(0, -1),
      { type: 'wait-in-queue', waitingCallId: waiting.id, twilioQueue: twilioQueueName(context.callSid) },
    ];
    return { outcome: 'ok', steps, turn: at };
  }

  /**
   * The wait URL: the place in line and the hold prompt, or `<Leave/>` once the maximum wait passed
   * (also when the tick ended the wait: should its dequeue not have reached Twilio, this does).
   */
  async wait(
    tenantId: string | null,
    callSid: string,
    waitingCallId: string,
    queueSid?: string,
  ): Promise<CallAnswer> {
    const call = await this.belonging(tenantId, callSid, waitingCallId);
    if (!call) return { outcome: 'ok', steps: [{ type: 'leave-queue' }], turn: null };
    if (queueSid !== undefined && call.queueSid !== queueSid) await this.noteQueueSid(call, queueSid);
    const now = this.clock.now();
    if (waitDecision(call, now) === 'leave') {
      const left = await this.queue.endWait(call.id, 'left', now);
      if (left) await this.engine.callerLeft(left.currentOfferId);
      return { outcome: 'ok', steps: [{ type: 'leave-queue' }], turn: null };
    }
    const steps: AnswerStep[] = [];
    if (this.config.offers.announcePosition) {
      const position = await this.queue.position(call.id);
      if (position !== null) steps.push({ type: 'say', text: positionText(position) });
    }
    steps.push(...call.hold);
    return { outcome: 'ok', steps, turn: null };
  }

  /** The `<Enqueue>` action: how the wait ended, to the flow, whose next turn is answered. */
  async result(
    tenantId: string | null,
    callSid: string,
    waitingCallId: string,
    queueResult: string | undefined,
    deadline: Deadline,
  ): Promise<CallAnswer> {
    const call = await this.belonging(tenantId, callSid, waitingCallId);
    if (!call) return APOLOGY;
    const outcome = queueOutcomeOf(queueResult);
    const now = this.clock.now();
    if (outcome !== 'answered') {
      const ended = await this.queue.endWait(call.id, outcome === 'abandoned' ? 'abandoned' : 'left', now);
      if (ended) await this.engine.callerLeft(ended.currentOfferId);
    }
    // The caller is out of the queue, whichever way: the tick has nobody left to dequeue.
    await this.deadlines.settleDequeue(call.id, 'done', now);
    const next = await this.sessions.queueResult(
      { tenantId: call.tenantId, sessionId: call.sessionId, turn: call.turn, outcome },
      deadline.remainingMs(),
    );
    return this.answerTurn(next, {
      tenantId: call.tenantId,
      callSid: call.callSid,
      twilioAccount: call.twilioAccount,
      contactPoint: call.contactPoint,
    });
  }

  /**
   * What a caller the tick took out of their queue at the maximum wait runs (the Queue Member's
   * `Url`): the flow's timeout turn, the no-agent prompt first. Twilio also requests the action
   * (`QueueResult=redirected`), in either order: flow-runtime answers the same turn to both and
   * advances once; the call runs this document only.
   */
  dequeued(
    tenantId: string | null,
    callSid: string,
    waitingCallId: string,
    deadline: Deadline,
  ): Promise<CallAnswer> {
    return this.result(tenantId, callSid, waitingCallId, 'redirected', deadline);
  }

  private async noteQueueSid(call: WaitingCall, queueSid: string): Promise<void> {
    try {
      await this.deadlines.recordQueueSid(call.id, queueSid);
    } catch (error) {
      // Without it the tick cannot dequeue the caller; the wait URL still makes them leave.
      this.logger.warn(`the queue SID of call ${call.callSid} was not recorded: ${String(error)}`);
    }
  }

  private async belonging(
    tenantId: string | null,
    callSid: string,
    waitingCallId: string,
  ): Promise<WaitingCall | null> {
    const call = await this.queue.findCall(waitingCallId);
    if (!call || call.tenantId !== tenantId || call.callSid !== callSid) {
      this.logger.warn(`call ${callSid} asked about waiting call ${waitingCallId}, which is not its own`);
      return null;
    }
    return call;
  }
}
