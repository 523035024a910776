import { AggregateRoot } from '@tp/ddd';
import type { Hours, OnlineUntil } from './hours';
import {
  AgentOffline,
  BreakMinutesOutOfRange,
  BreakNotAllowed,
  PresenceStateInvalid,
  WindowEndInvalid,
} from './presence.errors';
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
  type SessionVia,
} from './presence.events';

/** Everything a repository stores about one agent's presence. */
export interface AgentPresenceProps {
  readonly tenantId: string;
  readonly agentId: string;
  readonly state: PresenceState;
  /** When the chosen hours run out; null exactly when offline (kept during a break). */
  readonly expiresAt: Date | null;
  /** When the break ends; non-null exactly when on a break. */
  readonly breakEndsAt: Date | null;
  /** 0 for an agent who never changed; +1 with every change. */
  readonly sequence: number;
  readonly lastReason: PresenceReason | null;
  readonly changedAt: Date | null;
  /** The hours ran out during a call: the agent goes offline when the call ends. Only when busy. */
  readonly expiredWhileBusy: boolean;
}

/** The longest window {@link AgentPresence.extendWindowTo} sets (the custom entry's two digits). */
export const MAX_WINDOW_HOURS = 99;

/** What {@link AgentPresence.expireIfDue} found. */
export type ExpiryOutcome = 'expired' | 'expires-when-call-ends' | 'not-due';
/** What {@link AgentPresence.endBreakIfDue} found. */
export type BreakEndOutcome = 'break-ended' | 'expired' | 'not-due';

/** A break lasts 1 to 120 whole minutes. */
export const BREAK_MINUTES_MIN = 1;
export const BREAK_MINUTES_MAX = 120;
export const BREAK_MINUTES_DEFAULT = 15;

/**
 * One agent's timed presence in one tenant: offline, online until `expiresAt`, or busy on a call
 * (the expiry still runs; an agent whose hours run out during a call goes offline when it ends),
 * or on a timed break (no calls; online again at its end with the original expiry, or offline
 * `expired` when that expiry passed during the break). Every change bumps `sequence` and records
 * one event.
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
      breakEndsAt: null,
      sequence: 0,
      lastReason: null,
      changedAt: null,
      expiredWhileBusy: false,
    });
  }

  /** Rebuilds stored presence; throws {@link PresenceStateInvalid} when the row breaks an invariant. */
  static restore(props: AgentPresenceProps): AgentPresence {
    const {
      tenantId,
      agentId,
      state,
      expiresAt,
      breakEndsAt,
      sequence,
      lastReason,
      changedAt,
      expiredWhileBusy,
    } = props;
    const invalid = (problem: string): never => {
      throw new PresenceStateInvalid(problem, { tenantId, agentId, state });
    };
    if (!PRESENCE_STATES.includes(state)) invalid('unknown state');
    if ((state === 'offline') !== (expiresAt === null)) invalid('an expiry is set exactly when not offline');
    if (expiresAt !== null && Number.isNaN(expiresAt.getTime())) invalid('the expiry is not a date');
    if ((state === 'on-break') !== (breakEndsAt !== null && breakEndsAt !== undefined))
      invalid('a break end is set exactly when on a break');
    if (breakEndsAt && Number.isNaN(breakEndsAt.getTime())) invalid('the break end is not a date');
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
  get breakEndsAt(): Date | null {
    return this.props.breakEndsAt === null ? null : new Date(this.props.breakEndsAt);
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

  /** True when the break has ended at `now` (never for an agent who is not on a break). */
  isBreakOver(now: Date): boolean {
    return this.props.breakEndsAt !== null && now.getTime() >= this.props.breakEndsAt.getTime();
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
   * (`AgentPresenceChanged`, reason `changed`, or `admin`); an agent on a break is online again.
   * `via` (how the window was chosen) goes on the event when given.
   */
  goOnlineFor(
    window: Hours | OnlineUntil,
    now: Date,
    reason: GoOnlineReason = 'login',
    via?: SessionVia,
  ): void {
    const expiresAt = window.after(now);
    if (this.props.state === 'offline') {
      this.apply('online', expiresAt, reason, now, (data) => new AgentWentOnline(withVia(data, via)));
      return;
    }
    const state = this.props.state === 'busy' ? 'busy' : 'online';
    this.apply(
      state,
      expiresAt,
      reason === 'admin' ? 'admin' : 'changed',
      now,
      (data) => new AgentPresenceChanged(withVia(data, via)),
    );
  }

  /**
   * Moves the window's end to `until`, only if it still ends at `ifExpiresAt` (compare and set):
   * an instant applies to an online or busy agent whose window ends exactly then (state kept,
   * `AgentPresenceChanged` reason `changed`); null applies to an offline agent, who goes online until
   * `until` (`AgentWentOnline`, reason `login`). Answers whether it changed anything. `until` must be
   * ahead of `now` and at most {@link MAX_WINDOW_HOURS} hours after it. `via` goes on the event when given.
   */
  extendWindowTo(until: Date, ifExpiresAt: Date | null, now: Date, via?: SessionVia): boolean {
    if (until.getTime() <= now.getTime()) throw new WindowEndInvalid(until, 'is not ahead');
    if (until.getTime() > now.getTime() + MAX_WINDOW_HOURS * 3_600_000)
      throw new WindowEndInvalid(until, `is more than ${MAX_WINDOW_HOURS} hours ahead`);
    if (ifExpiresAt === null) {
      if (this.props.state !== 'offline') return false;
      this.apply('online', until, 'login', now, (data) => new AgentWentOnline(withVia(data, via)));
      return true;
    }
    const current = this.props.expiresAt;
    if (this.props.state === 'offline' || current === null || current.getTime() !== ifExpiresAt.getTime())
      return false;
    // An agent on a break stays on it: the break ends when it was going to, in the longer window.
    const { state, breakEndsAt } = this.props;
    this.apply(
      state,
      until,
      'changed',
      now,
      (data) => new AgentPresenceChanged(withVia(data, via)),
      breakEndsAt,
    );
    return true;
  }

  /**
   * Starts a break of `minutes` (whole, 1..120) from `now`: only an online agent whose hours have
   * not run out (else {@link BreakNotAllowed}). The expiry stays as it was
   * (`AgentPresenceChanged`, state `on-break`, reason `break-started`).
   */
  startBreak(minutes: number, now: Date): void {
    if (!Number.isInteger(minutes) || minutes < BREAK_MINUTES_MIN || minutes > BREAK_MINUTES_MAX)
      throw new BreakMinutesOutOfRange(minutes, BREAK_MINUTES_MIN, BREAK_MINUTES_MAX);
    if (!this.isAvailableForCalls(now))
      throw new BreakNotAllowed(this.props.tenantId, this.props.agentId, this.props.state);
    const endsAt = new Date(now.getTime() + minutes * 60_000);
    this.apply(
      'on-break',
      this.props.expiresAt,
      'break-started',
      now,
      (data) => new AgentPresenceChanged(data),
      endsAt,
    );
  }

  /**
   * Ends a break that is over at `now`: online again until the original expiry (`break-ended`),
   * or offline (`expired`) when that expiry passed during the break. Otherwise nothing.
   */
  endBreakIfDue(now: Date): BreakEndOutcome {
    if (this.props.state !== 'on-break' || !this.isBreakOver(now)) return 'not-due';
    if (this.isDue(now)) {
      this.goOffline('expired', now);
      return 'expired';
    }
    this.changeWithinWindow('online', 'break-ended', now);
    return 'break-ended';
  }

  /** Takes an online or busy agent offline (`AgentWentOffline`). Already offline: nothing happens. */
  goOffline(reason: GoOfflineReason, now: Date): void {
    if (this.props.state === 'offline') return;
    this.apply('offline', null, reason, now, (data) => new AgentWentOffline(data));
  }

  /**
   * A call reached the agent: online (or on a break, which it ends) becomes busy. Busy stays busy;
   * an offline agent cannot take a call.
   */
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
   * stays busy, remembered, and goes offline when the call ends. On a break: nothing, its end
   * looks at the expiry ({@link endBreakIfDue}). Otherwise nothing; running it again changes nothing.
   */
  expireIfDue(now: Date): ExpiryOutcome {
    if (!this.isDue(now) || this.props.state === 'on-break') return 'not-due';
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
    breakEndsAt: Date | null = null,
  ): void {
    const sequence = this.props.sequence + 1;
    this.props = {
      ...this.props,
      state,
      expiresAt: expiresAt === null ? null : new Date(expiresAt),
      breakEndsAt: breakEndsAt === null ? null : new Date(breakEndsAt),
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
        breakEndsAt: (breakEndsAt === null ? null : breakEndsAt.toISOString()) as PresenceEventData<
          S,
          R
        >['breakEndsAt'],
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
    breakEndsAt: props.breakEndsAt ? new Date(props.breakEndsAt) : null,
    changedAt: props.changedAt === null ? null : new Date(props.changedAt),
  };
}

/** The event data with `via` (how the window was chosen) when there is one. */
function withVia<D extends PresenceEventData>(data: D, via: SessionVia | undefined): D {
  return via === undefined ? data : { ...data, via };
}
