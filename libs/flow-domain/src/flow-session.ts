import { AggregateRoot } from '@tp/ddd';
import type { ChannelStep, QueueOutcome, SessionTurn } from '@tp/contracts';
import { TimedPresenceIvr, type IvrOutcome, type IvrSnapshot } from '@tp/timed-presence-domain';
import type { WalkTurn } from './customer-walk';
import {
  FlowSessionCommandUnexpected,
  FlowSessionEnded,
  FlowSessionStateInvalid,
  FlowSessionTurnMismatch,
  type SessionCommand,
} from './flow.errors';

export type FlowSessionStatus = 'active' | 'ended';
/**
 * What the session runs: the Timed Presence IVR (an agent's login call, keys in `session-input`) or
 * a customer flow (Play Prompt, Queue, Exit; waits end with `queue-result`).
 */
export type SessionActivity = 'timed-presence' | 'customer';
export const SESSION_ACTIVITIES: readonly SessionActivity[] = ['timed-presence', 'customer'];
/** How the call went: the IVR's outcome, or how the last wait in a queue ended. */
export type SessionOutcome = IvrOutcome | QueueOutcome;

export interface FlowSessionProps {
  readonly id: string;
  readonly tenantId: string;
  readonly flowId: string;
  readonly flowVersion: number;
  /** The Twilio call: one session per call and tenant. */
  readonly callSid: string;
  /** The user the caller ID belongs to, or null for an unknown caller. */
  readonly callerUserId: string | null;
  readonly activity: SessionActivity;
  /** The IVR at rest between two webhooks (no PIN in it); null for a customer flow. */
  readonly ivr: IvrSnapshot | null;
  /** The Queue node a customer flow's caller waits in (null otherwise, and once the call ended). */
  readonly waitingAt: string | null;
  /** The number of the last reply given; the next keys are expected for this turn. */
  readonly turn: number;
  /** Every reply given, turn 1 first: a retried request gets the same answer again. */
  readonly replies: readonly SessionTurn[];
  readonly status: FlowSessionStatus;
  readonly outcome: SessionOutcome | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The agent signed in through this flow: expiry notices follow the flow of the last login. */
export interface AgentLoggedIn {
  readonly type: 'agent-logged-in';
  readonly tenantId: string;
  readonly agentId: string;
  readonly flowId: string;
  readonly flowVersion: number;
  readonly callSid: string;
  readonly occurredAt: Date;
}
export type FlowSessionEvent = AgentLoggedIn;

/**
 * One call's run of a flow. Turn 1 answers the call; the keys of turn N are answered by turn N + 1.
 * Every reply is kept, so a retried webhook (a Twilio retry, the fallback URL) gets the reply it got
 * the first time and nothing happens twice; keys for a turn the session is not at are refused.
 */
export class FlowSession extends AggregateRoot<FlowSessionEvent> {
  private constructor(
    private props: FlowSessionProps,
    /** The turn in the store (0: not stored yet); a save only goes through while it is still there. */
    readonly storedTurn: number,
  ) {
    super();
  }

  /** The session of a call that just came in, with its first reply (turn 1). */
  static start(
    input: {
      id: string;
      tenantId: string;
      flowId: string;
      flowVersion: number;
      callSid: string;
      ivr: TimedPresenceIvr;
      steps: ChannelStep[];
    },
    now: Date,
  ): FlowSession {
    const { ivr } = input;
    const reply: SessionTurn = { sessionId: input.id, turn: 1, steps: input.steps, done: ivr.done };
    return new FlowSession(
      {
        id: input.id,
        tenantId: input.tenantId,
        flowId: input.flowId,
        flowVersion: input.flowVersion,
        callSid: input.callSid,
        callerUserId: ivr.userId,
        activity: 'timed-presence',
        ivr: ivr.snapshot(),
        waitingAt: null,
        turn: 1,
        replies: [reply],
        status: ivr.done ? 'ended' : 'active',
        outcome: ivr.outcome,
        createdAt: now,
        updatedAt: now,
      },
      0,
    );
  }

  /** The session of a customer call that just came in, with its first turn (from the Entry on). */
  static startCustomer(
    input: {
      id: string;
      tenantId: string;
      flowId: string;
      flowVersion: number;
      callSid: string;
      walk: WalkTurn;
      steps: ChannelStep[];
    },
    now: Date,
  ): FlowSession {
    const { walk } = input;
    const reply: SessionTurn = { sessionId: input.id, turn: 1, steps: input.steps, done: walk.done };
    return new FlowSession(
      {
        id: input.id,
        tenantId: input.tenantId,
        flowId: input.flowId,
        flowVersion: input.flowVersion,
        callSid: input.callSid,
        callerUserId: null,
        activity: 'customer',
        ivr: null,
        waitingAt: walk.waitingAt,
        turn: 1,
        replies: [reply],
        status: walk.done ? 'ended' : 'active',
        outcome: null,
        createdAt: now,
        updatedAt: now,
      },
      0,
    );
  }

  /** Brings back a stored session; throws {@link FlowSessionStateInvalid} when it does not hold together. */
  static restore(props: FlowSessionProps): FlowSession {
    if (!Number.isInteger(props.turn) || props.turn < 1) throw new FlowSessionStateInvalid('turn below 1');
    if (props.replies.length !== props.turn) throw new FlowSessionStateInvalid('one reply per turn');
    if (props.activity === 'customer') {
      if (props.ivr !== null) throw new FlowSessionStateInvalid('a customer flow has no IVR');
      if ((props.status === 'ended') !== (props.waitingAt === null))
        throw new FlowSessionStateInvalid('a customer call is active exactly while it waits in a queue');
    } else if (props.activity === 'timed-presence') {
      if (props.ivr === null) throw new FlowSessionStateInvalid('a Timed Presence session needs its IVR');
      if ((props.status === 'ended') !== (props.ivr.phase === 'ended'))
        throw new FlowSessionStateInvalid('the status disagrees with the IVR');
    } else {
      throw new FlowSessionStateInvalid(`unknown activity ${String(props.activity)}`);
    }
    return new FlowSession({ ...props }, props.turn);
  }

  get id(): string {
    return this.props.id;
  }
  get tenantId(): string {
    return this.props.tenantId;
  }
  get flowId(): string {
    return this.props.flowId;
  }
  get flowVersion(): number {
    return this.props.flowVersion;
  }
  get callSid(): string {
    return this.props.callSid;
  }
  get callerUserId(): string | null {
    return this.props.callerUserId;
  }
  get turn(): number {
    return this.props.turn;
  }
  get status(): FlowSessionStatus {
    return this.props.status;
  }
  get outcome(): SessionOutcome | null {
    return this.props.outcome;
  }
  get activity(): SessionActivity {
    return this.props.activity;
  }
  /** The Queue node the caller of a customer flow waits in; null otherwise. */
  get waitingAt(): string | null {
    return this.props.waitingAt;
  }
  /** The reply of turn 1, which a retried start of the same call gets again. */
  get firstReply(): SessionTurn {
    return this.props.replies[0];
  }

  /**
   * The reply already given to `command` for `turn` (a retry), or null when `turn` is the one to
   * answer now. Throws {@link FlowSessionCommandUnexpected} for a command this kind of session does
   * not take (keys for a customer flow, a queue result for a Timed Presence session),
   * {@link FlowSessionEnded} after the last turn, {@link FlowSessionTurnMismatch} for a turn the
   * session never reached.
   */
  answered(turn: number, command: SessionCommand = 'session-input'): SessionTurn | null {
    const expected: SessionCommand = this.props.activity === 'customer' ? 'queue-result' : 'session-input';
    if (command !== expected) throw new FlowSessionCommandUnexpected(this.id, command, expected);
    if (Number.isInteger(turn) && turn >= 1 && turn < this.props.turn) return this.props.replies[turn];
    if (turn !== this.props.turn) throw new FlowSessionTurnMismatch(this.id, this.props.turn, turn);
    if (this.props.status === 'ended') throw new FlowSessionEnded(this.id, this.props.turn);
    return null;
  }

  /** The IVR where the last turn left it. */
  ivr(): TimedPresenceIvr {
    if (this.props.ivr === null)
      throw new FlowSessionCommandUnexpected(this.id, 'session-input', 'queue-result');
    return TimedPresenceIvr.restore(this.props.ivr);
  }

  /**
   * Records the next turn: the IVR after the keys, the steps it answered with, and whether the
   * agent signed in (`login`: presence accepted the new hours).
   */
  advance(ivr: TimedPresenceIvr, steps: ChannelStep[], now: Date, login?: { agentId: string }): SessionTurn {
    if (this.props.status === 'ended') throw new FlowSessionEnded(this.id, this.props.turn);
    const reply: SessionTurn = { sessionId: this.id, turn: this.props.turn + 1, steps, done: ivr.done };
    this.props = {
      ...this.props,
      ivr: ivr.snapshot(),
      turn: reply.turn,
      replies: [...this.props.replies, reply],
      status: ivr.done ? 'ended' : 'active',
      outcome: ivr.outcome,
      updatedAt: now,
    };
    if (login !== undefined) {
      this.record({
        type: 'agent-logged-in',
        tenantId: this.tenantId,
        agentId: login.agentId,
        flowId: this.flowId,
        flowVersion: this.flowVersion,
        callSid: this.callSid,
        occurredAt: now,
      });
    }
    return reply;
  }

  /**
   * Records the turn after the wait in the queue ended (`outcome`), as the customer flow walked on
   * from there: waiting in the next queue, or the end of the call.
   */
  advanceWalk(walk: WalkTurn, steps: ChannelStep[], outcome: QueueOutcome, now: Date): SessionTurn {
    if (this.props.status === 'ended') throw new FlowSessionEnded(this.id, this.props.turn);
    if (this.props.activity !== 'customer')
      throw new FlowSessionCommandUnexpected(this.id, 'queue-result', 'session-input');
    const reply: SessionTurn = { sessionId: this.id, turn: this.props.turn + 1, steps, done: walk.done };
    this.props = {
      ...this.props,
      waitingAt: walk.waitingAt,
      turn: reply.turn,
      replies: [...this.props.replies, reply],
      status: walk.done ? 'ended' : 'active',
      outcome,
      updatedAt: now,
    };
    return reply;
  }

  toSnapshot(): FlowSessionProps {
    return { ...this.props };
  }
}
