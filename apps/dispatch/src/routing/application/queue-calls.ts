import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EnqueueStep } from '@tp/contracts';
import { Clock } from '@tp/ddd';
import type { TwilioAccountOwner } from '@tp/dispatch-domain';
import {
  queueOutcomeOf,
  twilioQueueName,
  waitDeadline,
  waitDecision,
  type QueueOutcome,
} from '@tp/routing-domain';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../dispatch.config';
import type { AnswerStep, CallAnswer } from '../../common/call-answer';
import { RoutingQueue, type WaitingCall } from './ports/routing-queue.port';
import { WaitDeadlines } from './ports/wait-deadlines.port';
import { OfferEngine } from './offer-engine';

/** The call a flow turn ending in `enqueue` belongs to, as the edge knows it. */
export interface ParkCall {
  readonly tenantId: string;
  readonly callSid: string;
  readonly sessionId: string;
  readonly turn: number;
  readonly twilioAccount: TwilioAccountOwner;
  /** The number the caller dialled (agents are called from it). */
  readonly contactPoint: string;
  readonly step: EnqueueStep;
}

/** Where a parked caller waits: the waiting call and its own Twilio queue. */
export interface ParkedCall {
  readonly waitingCallId: string;
  readonly twilioQueue: string;
}

/** A wait that ended: how, and the flow turn and call it belongs to (the edge asks the flow what next). */
export interface EndedWait {
  readonly outcome: QueueOutcome;
  readonly tenantId: string;
  readonly callSid: string;
  readonly sessionId: string;
  readonly turn: number;
  readonly twilioAccount: TwilioAccountOwner;
  readonly contactPoint: string;
}

export const positionText = (position: number) => `You are number ${position} in line.`;

/**
 * Customer calls in queues: a flow turn ending in `enqueue` becomes a waiting call in its own
 * Twilio queue (`tp-<CallSid>`); the wait URL plays the caller's place in line and the hold prompt,
 * notes the queue's SID, and makes them leave once the maximum wait passed (the fallback of the
 * tick's own dequeue, `MaxWaitEnforcer`); the `<Enqueue>` action, and the URL a caller dequeued at
 * the maximum wait runs, end the wait (the edge then reports it to the flow).
 */
@Injectable()
export class QueueCalls {
  private readonly logger = new Logger(QueueCalls.name);

  constructor(
    private readonly queue: RoutingQueue,
    private readonly deadlines: WaitDeadlines,
    private readonly engine: OfferEngine,
    private readonly clock: Clock,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
  ) {}

  /** Parks the caller (idempotent by call and turn) and starts offering the call to agents. */
  async park(call: ParkCall): Promise<ParkedCall> {
    const now = this.clock.now();
    const { step } = call;
    const waiting = await this.queue.enqueue({
      id: randomUUID(),
      tenantId: call.tenantId,
      callSid: call.callSid,
      sessionId: call.sessionId,
      turn: call.turn,
      twilioAccount: call.twilioAccount,
      contactPoint: call.contactPoint,
      queueNodeId: step.queueNodeId,
      queueName: step.queueName,
      requiredSkills: step.requiredSkills,
      priority: step.priority,
      hold: step.hold,
      enqueuedAt: now,
      deadline: waitDeadline(now, step.maxWaitS),
    });
    this.engine.kick(call.tenantId);
    return { waitingCallId: waiting.id, twilioQueue: twilioQueueName(call.callSid) };
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

  /**
   * The `<Enqueue>` action (or the dequeued caller's URL, `QueueResult=redirected`): the wait ends
   * as Twilio says, a ringing offer is called off, and the tick has nobody left to dequeue. Null
   * when the waiting call is not this call's own.
   */
  async endWait(
    tenantId: string | null,
    callSid: string,
    waitingCallId: string,
    queueResult: string | undefined,
  ): Promise<EndedWait | null> {
    const call = await this.belonging(tenantId, callSid, waitingCallId);
    if (!call) return null;
    const outcome = queueOutcomeOf(queueResult);
    const now = this.clock.now();
    if (outcome !== 'answered') {
      const ended = await this.queue.endWait(call.id, outcome === 'abandoned' ? 'abandoned' : 'left', now);
      if (ended) await this.engine.callerLeft(ended.currentOfferId);
    }
    // The caller is out of the queue, whichever way: the tick has nobody left to dequeue.
    await this.deadlines.settleDequeue(call.id, 'done', now);
    return {
      outcome,
      tenantId: call.tenantId,
      callSid: call.callSid,
      sessionId: call.sessionId,
      turn: call.turn,
      twilioAccount: call.twilioAccount,
      contactPoint: call.contactPoint,
    };
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
