import { AggregateRoot } from '@tp/ddd';
import type { GoOfflineReason, PresenceReason, PresenceState, SessionVia } from './presence.events';

/**
 * A presence change as the session record reads it: the data of a presence event. The state and
 * reason are wider than today's so that a break (`on-break`, `break-started` / `break-ended`) counts
 * as soon as presence publishes one.
 */
export interface SessionPresenceChange {
  readonly type: 'agent-went-online' | 'agent-presence-changed' | 'agent-went-offline';
  readonly tenantId: string;
  readonly agentId: string;
  readonly state: PresenceState | 'on-break';
  readonly reason: PresenceReason | 'break-started' | 'break-ended';
  readonly expiresAt: string | null;
  readonly sequence: number;
  readonly occurredAt: string;
  readonly via?: SessionVia;
}

/** What came of an offer to the agent (dispatch's offer events). */
export type SessionOfferOutcome =
  { readonly kind: 'made' | 'accepted' } | { readonly kind: 'missed'; readonly reason: string };

/** Everything stored about one session. Durations in milliseconds. */
export interface SessionRecordProps {
  readonly id: string;
  readonly tenantId: string;
  readonly agentId: string;
  readonly startedAt: Date;
  readonly via: SessionVia | null;
  readonly firstPlannedEndAt: Date;
  readonly plannedEndAt: Date;
  readonly endedAt: Date | null;
  readonly endReason: GoOfflineReason | null;
  /** The sequence of the last presence change applied. */
  readonly lastSequence: number;
  readonly breakCount: number;
  readonly breakMs: number;
  readonly onBreakSince: Date | null;
  readonly calls: number;
  readonly talkMs: number;
  readonly busySince: Date | null;
  readonly offersMade: number;
  readonly offersAccepted: number;
  readonly offersMissed: number;
  readonly missedByReason: Readonly<Record<string, number>>;
}

/** A session as reports see it (whole seconds, ISO times): the record's view and the closing event's data. */
export interface SessionRecordView {
  readonly tenantId: string;
  readonly agentId: string;
  readonly sessionId: string;
  readonly startedAt: string;
  readonly via: SessionVia | null;
  readonly firstPlannedEndAt: string;
  readonly plannedEndAt: string;
  readonly endedAt: string | null;
  readonly endReason: GoOfflineReason | null;
  readonly breaks: { readonly count: number; readonly seconds: number };
  readonly offers: {
    readonly made: number;
    readonly accepted: number;
    readonly missed: number;
    readonly missedByReason: Readonly<Record<string, number>>;
  };
  readonly calls: number;
  readonly talkSeconds: number;
}

/** The session ended: recorded once, when the offline change is applied. */
export class AgentSessionClosed {
  readonly type = 'agent-session-closed' as const;
  constructor(readonly session: SessionRecordView) {}
}

/**
 * What to do with a presence change, given the agent's latest session (or none):
 * `open` a new session, `apply` it to the open one, drop it as `stale` (not newer than what was
 * applied), wait for the changes before it (`gap`), or `ignore` it (a session whose start was never
 * seen, such as after a first deployment).
 */
export type SessionDecision = 'open' | 'apply' | 'stale' | 'gap' | 'ignore';

/**
 * One timed session of an agent, from going online to going offline, built from presence changes
 * (in sequence order) and offer outcomes: planned and actual end, how it was started, breaks, calls
 * and talk time, offers made, accepted and missed per reason.
 */
export class SessionRecord extends AggregateRoot<AgentSessionClosed> {
  private constructor(private props: SessionRecordProps) {
    super();
  }

  /**
   * Decides about `change` given the agent's latest session. A change more than one after the last
   * applied is a `gap` unless `acceptGap` (the missing ones are given up on).
   */
  static decide(
    latest: SessionRecord | null,
    change: SessionPresenceChange,
    acceptGap = false,
  ): SessionDecision {
    const opens = change.type === 'agent-went-online';
    if (latest === null) return opens ? 'open' : 'ignore';
    if (change.sequence <= latest.props.lastSequence) return 'stale';
    if (change.sequence > latest.props.lastSequence + 1 && !acceptGap) return 'gap';
    if (latest.isOpen) return opens ? 'ignore' : 'apply';
    return opens ? 'open' : 'ignore';
  }

  /** A new session from an `agent-went-online` change. */
  static open(id: string, change: SessionPresenceChange): SessionRecord {
    if (change.type !== 'agent-went-online' || change.expiresAt === null) {
      throw new Error(`a session opens with agent-went-online, not ${change.type}`);
    }
    const at = new Date(change.occurredAt);
    const plannedEnd = new Date(change.expiresAt);
    return new SessionRecord({
      id,
      tenantId: change.tenantId,
      agentId: change.agentId,
      startedAt: at,
      via: change.via ?? null,
      firstPlannedEndAt: plannedEnd,
      plannedEndAt: plannedEnd,
      endedAt: null,
      endReason: null,
      lastSequence: change.sequence,
      breakCount: 0,
      breakMs: 0,
      onBreakSince: null,
      calls: 0,
      talkMs: 0,
      busySince: change.state === 'busy' ? at : null,
      offersMade: 0,
      offersAccepted: 0,
      offersMissed: 0,
      missedByReason: {},
    });
  }

  static restore(props: SessionRecordProps): SessionRecord {
    return new SessionRecord({ ...props, missedByReason: { ...props.missedByReason } });
  }

  get id(): string {
    return this.props.id;
  }
  get isOpen(): boolean {
    return this.props.endedAt === null;
  }
  get lastSequence(): number {
    return this.props.lastSequence;
  }

  toSnapshot(): SessionRecordProps {
    return { ...this.props, missedByReason: { ...this.props.missedByReason } };
  }

  /** True when `at` falls in the session (its start to its end, or from its start while open). */
  covers(at: Date): boolean {
    const t = at.getTime();
    return (
      t >= this.props.startedAt.getTime() &&
      (this.props.endedAt === null || t <= this.props.endedAt.getTime())
    );
  }

  /**
   * Applies the next change of an open session (see {@link decide}). Busy and on-break time is
   * counted from the state each change leaves the agent in; going offline closes busy time and a
   * break, ends the session and records {@link AgentSessionClosed}.
   */
  apply(change: SessionPresenceChange): void {
    if (!this.isOpen) throw new Error('the session has ended');
    const at = new Date(change.occurredAt);
    let p: SessionRecordProps = { ...this.props, lastSequence: change.sequence };
    const state = change.type === 'agent-went-offline' ? 'offline' : change.state;
    if (p.busySince !== null && state !== 'busy') {
      p = { ...p, talkMs: p.talkMs + elapsed(p.busySince, at), busySince: null };
    } else if (p.busySince === null && state === 'busy') {
      p = { ...p, calls: p.calls + 1, busySince: at };
    }
    if (p.onBreakSince !== null && state !== 'on-break') {
      p = { ...p, breakMs: p.breakMs + elapsed(p.onBreakSince, at), onBreakSince: null };
    } else if (p.onBreakSince === null && state === 'on-break') {
      p = { ...p, breakCount: p.breakCount + 1, onBreakSince: at };
    }
    if (change.type === 'agent-went-offline') {
      p = { ...p, endedAt: at, endReason: change.reason as GoOfflineReason };
    } else if ((change.reason === 'changed' || change.reason === 'admin') && change.expiresAt !== null) {
      p = { ...p, plannedEndAt: new Date(change.expiresAt) };
    }
    this.props = p;
    if (!this.isOpen) this.record(new AgentSessionClosed(this.view()));
  }

  /** Counts an offer to the agent during the session; `calls` comes from the busy changes. */
  countOffer(outcome: SessionOfferOutcome): void {
    const p = this.props;
    switch (outcome.kind) {
      case 'made':
        this.props = { ...p, offersMade: p.offersMade + 1 };
        return;
      case 'accepted':
        this.props = { ...p, offersAccepted: p.offersAccepted + 1 };
        return;
      case 'missed':
        this.props = {
          ...p,
          offersMissed: p.offersMissed + 1,
          missedByReason: {
            ...p.missedByReason,
            [outcome.reason]: (p.missedByReason[outcome.reason] ?? 0) + 1,
          },
        };
    }
  }

  view(): SessionRecordView {
    const p = this.props;
    return {
      tenantId: p.tenantId,
      agentId: p.agentId,
      sessionId: p.id,
      startedAt: p.startedAt.toISOString(),
      via: p.via,
      firstPlannedEndAt: p.firstPlannedEndAt.toISOString(),
      plannedEndAt: p.plannedEndAt.toISOString(),
      endedAt: p.endedAt?.toISOString() ?? null,
      endReason: p.endReason,
      breaks: { count: p.breakCount, seconds: seconds(p.breakMs) },
      offers: {
        made: p.offersMade,
        accepted: p.offersAccepted,
        missed: p.offersMissed,
        missedByReason: { ...p.missedByReason },
      },
      calls: p.calls,
      talkSeconds: seconds(p.talkMs),
    };
  }
}

function elapsed(from: Date, to: Date): number {
  return Math.max(0, to.getTime() - from.getTime());
}

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}
