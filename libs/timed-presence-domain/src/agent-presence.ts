import { AggregateRoot } from '@tp/ddd';
import type { Hours, OnlineUntil } from './hours';
import { AgentOffline, PresenceStateInvalid } from './presence.errors';
import {
  AgentPresenceChanged,
  AgentWentOffline,
  AgentWentOnline,
  PRESENCE_REASONS,
  PRESENCE_STATES,
  type GoOfflineReason,
  type GoOnlineReason,
  type PresenceChangeReason,
  type PresenceEvent,
  type PresenceEventData,
  type PresenceReason,
  type PresenceState,
} from './presence.events';

/** Everything a repository stores about one agent's presence. */
export interface AgentPresenceProps {
  readonly tenantId: string;
  readonly agentId: string;
  readonly state: PresenceState;
  /** When the chosen hours run out; null exactly when offline. */
  readonly expiresAt: Date | null;
  /** 0 for an agent who never changed; +1 with every change. */
  readonly sequence: number;
  readonly lastReason: PresenceReason | null;
  readonly changedAt: Date | null;
  /** The hours ran out during a call: the agent goes offline when the call ends. Only when busy. */
  readonly expiredWhileBusy: boolean;
}

/** What {@link AgentPresence.expireIfDue} found. */
export type ExpiryOutcome = 'expired' | 'expires-when-call-ends' | 'not-due';

/**
 * One agent's timed presence in one tenant: offline, online until `expiresAt`, or busy on a call
 * (the expiry still runs; an agent whose hours run out during a call goes offline when it ends).
 * Every change bumps `sequence` and records one event.
 */
export class AgentPresence extends AggregateRoot<PresenceEvent> {
  private constructor(private props: AgentPresenceProps) {
    super();
  }

  /** An agent with no presence yet: offline, sequence 0. */
  static absent(tenantId: string, agentId: string): AgentPresence {
    return new AgentPresence({
      tenantId,
      agentId,
      state: 'offline',
      expiresAt: null,
      sequence: 0,
      lastReason: null,
      changedAt: null,
      expiredWhileBusy: false,
    });
  }

  /** Rebuilds stored presence; throws {@link PresenceStateInvalid} when the row breaks an invariant. */
  static restore(props: AgentPresenceProps): AgentPresence {
    const { tenantId, agentId, state, expiresAt, sequence, lastReason, changedAt, expiredWhileBusy } = props;
    const invalid = (problem: string): never => {
      throw new PresenceStateInvalid(problem, { tenantId, agentId, state });
    };
    if (!PRESENCE_STATES.includes(state)) invalid('unknown state');
    if ((state === 'offline') !== (expiresAt === null)) invalid('an expiry is set exactly when not offline');
    if (expiresAt !== null && Number.isNaN(expiresAt.getTime())) invalid('the expiry is not a date');
    if (changedAt !== null && Number.isNaN(changedAt.getTime()))
      invalid('the time of the last change is not a date');
    if (!Number.isInteger(sequence) || sequence < 0) invalid('the sequence is not a whole number from 0');
    if (lastReason !== null && !PRESENCE_REASONS.includes(lastReason)) invalid('unknown reason');
    if (expiredWhileBusy && state !== 'busy') invalid('only a busy agent can have expired during a call');
    return new AgentPresence({ ...copy(props) });
  }

  get tenantId(): string {
    return this.props.tenantId;
  }
  get agentId(): string {
    return this.props.agentId;
  }
  get state(): PresenceState {
    return this.props.state;
  }
  get expiresAt(): Date | null {
    return this.props.expiresAt === null ? null : new Date(this.props.expiresAt);
  }
  get sequence(): number {
    return this.props.sequence;
  }
  get lastReason(): PresenceReason | null {
    return this.props.lastReason;
  }
  get changedAt(): Date | null {
    return this.props.changedAt === null ? null : new Date(this.props.changedAt);
  }
  get expiredWhileBusy(): boolean {
    return this.props.expiredWhileBusy;
  }

  /** True when the chosen hours have run out at `now` (never for an offline agent). */
  isDue(now: Date): boolean {
    return this.props.expiresAt !== null && now.getTime() >= this.props.expiresAt.getTime();
  }

  /** True when a customer call may be offered: online (not busy) and the hours have not run out. */
  isAvailableForCalls(now: Date): boolean {
    return this.props.state === 'online' && !this.isDue(now);
  }

  /** The stored form, with copies of the dates. */
  toSnapshot(): AgentPresenceProps {
    return copy(this.props);
  }

  /**
   * Starts a new window from `now`, of `hours` or until an instant, replacing any earlier expiry. An offline agent goes
   * online (`AgentWentOnline`); an online or busy agent keeps their state with the new expiry
   * (`AgentPresenceChanged`, reason `changed`, or `admin`).
   */
  goOnlineFor(window: Hours | OnlineUntil, now: Date, reason: GoOnlineReason = 'login'): void {
    const expiresAt = window.after(now);
    if (this.props.state === 'offline') {
      this.apply('online', expiresAt, reason, now, (data) => new AgentWentOnline(data));
      return;
    }
    const state = this.props.state;
    this.apply(
      state,
      expiresAt,
      reason === 'admin' ? 'admin' : 'changed',
      now,
      (data) => new AgentPresenceChanged(data),
    );
  }

  /** Takes an online or busy agent offline (`AgentWentOffline`). Already offline: nothing happens. */
  goOffline(reason: GoOfflineReason, now: Date): void {
    if (this.props.state === 'offline') return;
    this.apply('offline', null, reason, now, (data) => new AgentWentOffline(data));
  }

  /** A call reached the agent: online becomes busy. Busy stays busy; an offline agent cannot take a call. */
  markBusy(now: Date): void {
    if (this.props.state === 'busy') return;
    if (this.props.state === 'offline') throw new AgentOffline(this.props.tenantId, this.props.agentId);
    this.changeWithinWindow('busy', 'call-started', now);
  }

  /**
   * The agent's call ended: busy becomes online, or offline (`expired`) when the hours ran out
   * during the call. An agent who is not busy is left as is.
   */
  markAvailable(now: Date): void {
    if (this.props.state !== 'busy') return;
    if (this.props.expiredWhileBusy || this.isDue(now)) {
      this.goOffline('expired', now);
      return;
    }
    this.changeWithinWindow('online', 'call-ended', now);
  }

  /**
   * Ends the presence whose hours have run out. Online and due: offline (`expired`). Busy and due:
   * stays busy, remembered, and goes offline when the call ends. Otherwise nothing; running it
   * again changes nothing.
   */
  expireIfDue(now: Date): ExpiryOutcome {
    if (!this.isDue(now)) return 'not-due';
    if (this.props.state === 'busy') {
      this.props = { ...this.props, expiredWhileBusy: true };
      return 'expires-when-call-ends';
    }
    this.goOffline('expired', now);
    return 'expired';
  }

  private changeWithinWindow(state: 'online' | 'busy', reason: PresenceChangeReason, now: Date): void {
    this.apply(state, this.props.expiresAt, reason, now, (data) => new AgentPresenceChanged(data));
  }

  private apply<S extends PresenceState, R extends PresenceReason>(
    state: S,
    expiresAt: Date | null,
    reason: R,
    now: Date,
    event: (data: PresenceEventData<S, R>) => PresenceEvent,
  ): void {
    const sequence = this.props.sequence + 1;
    this.props = {
      ...this.props,
      state,
      expiresAt: expiresAt === null ? null : new Date(expiresAt),
      sequence,
      lastReason: reason,
      changedAt: new Date(now),
      expiredWhileBusy: false,
    };
    this.record(
      event({
        tenantId: this.props.tenantId,
        agentId: this.props.agentId,
        state,
        expiresAt: (expiresAt === null ? null : expiresAt.toISOString()) as PresenceEventData<
          S,
          R
        >['expiresAt'],
        reason,
        sequence,
        occurredAt: now.toISOString(),
      }),
    );
  }
}

function copy(props: AgentPresenceProps): AgentPresenceProps {
  return {
    ...props,
    expiresAt: props.expiresAt === null ? null : new Date(props.expiresAt),
    changedAt: props.changedAt === null ? null : new Date(props.changedAt),
  };
}
