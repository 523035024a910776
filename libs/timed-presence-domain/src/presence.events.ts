/**
 * Where an agent stands: offline, online until an expiry, busy on a call (the expiry still runs),
 * or on a break until `breakEndsAt` (no calls offered; online again at its end).
 */
export type PresenceState = 'offline' | 'online' | 'busy' | 'on-break';
export const PRESENCE_STATES: readonly PresenceState[] = ['offline', 'online', 'busy', 'on-break'];

/**
 * Why presence changed.
 * - `login`: the agent went online through the IVR; `changed`: an online agent chose new hours.
 * - `agent-logoff`: the agent went offline through the IVR (key 0).
 * - `expired`: the chosen hours ran out; `unreachable`: the agent missed too many offered calls.
 * - `admin`: an administrator changed it.
 * - `call-started` / `call-ended`: the agent became busy with a call, and available again.
 * - `break-started` / `break-ended`: an online agent started a timed break, and it ended.
 */
export type PresenceReason =
  | 'login'
  | 'changed'
  | 'agent-logoff'
  | 'expired'
  | 'unreachable'
  | 'admin'
  | 'call-started'
  | 'call-ended'
  | 'break-started'
  | 'break-ended';
export const PRESENCE_REASONS: readonly PresenceReason[] = [
  'login',
  'changed',
  'agent-logoff',
  'expired',
  'unreachable',
  'admin',
  'call-started',
  'call-ended',
  'break-started',
  'break-ended',
];

/** How a window was started: an IVR preset, custom hours or until-time entry, an SMS reply, or an admin. */
export type SessionVia = 'ivr-preset' | 'ivr-custom-hours' | 'ivr-until-time' | 'sms' | 'admin';
export const SESSION_VIA: readonly SessionVia[] = [
  'ivr-preset',
  'ivr-custom-hours',
  'ivr-until-time',
  'sms',
  'admin',
];

/** Why an agent goes online: through the IVR, or set by an administrator. */
export type GoOnlineReason = 'login' | 'admin';
/** Why an agent goes offline. */
export type GoOfflineReason = 'agent-logoff' | 'expired' | 'unreachable' | 'admin';
/** Why an agent who stays signed in changed. */
export type PresenceChangeReason =
  'changed' | 'admin' | 'call-started' | 'call-ended' | 'break-started' | 'break-ended';

/**
 * What every presence event carries: the state after the change, the expiry (ISO, null when
 * offline; the original expiry during a break), when a break ends (ISO, non-null exactly when on
 * a break), the reason, and the agent's sequence number after the change, so that a consumer can
 * drop stale or duplicate events.
 */
export interface PresenceEventData<
  S extends PresenceState = PresenceState,
  R extends PresenceReason = PresenceReason,
> {
  readonly tenantId: string;
  readonly agentId: string;
  readonly state: S;
  readonly expiresAt: S extends 'offline' ? null : string;
  readonly breakEndsAt: S extends 'on-break' ? string : null;
  readonly reason: R;
  readonly sequence: number;
  readonly occurredAt: string;
  /** How a new window was started (going online, new hours); absent when not told. */
  readonly via?: SessionVia;
}

abstract class PresenceEventBase<
  S extends PresenceState,
  R extends PresenceReason,
> implements PresenceEventData<S, R> {
  readonly tenantId: string;
  readonly agentId: string;
  readonly state: S;
  readonly expiresAt: S extends 'offline' ? null : string;
  readonly breakEndsAt: S extends 'on-break' ? string : null;
  readonly reason: R;
  readonly sequence: number;
  readonly occurredAt: string;
  readonly via?: SessionVia;

  constructor(data: PresenceEventData<S, R>) {
    this.tenantId = data.tenantId;
    this.agentId = data.agentId;
    this.state = data.state;
    this.expiresAt = data.expiresAt;
    this.breakEndsAt = data.breakEndsAt;
    this.reason = data.reason;
    this.sequence = data.sequence;
    this.occurredAt = data.occurredAt;
    if (data.via !== undefined) this.via = data.via;
  }
}

/** An offline agent went online until `expiresAt`. */
export class AgentWentOnline extends PresenceEventBase<'online' | 'busy', GoOnlineReason> {
  readonly type = 'agent-went-online' as const;
}

/** An agent who stays signed in changed: a new expiry, busy/available around a call, or a break. */
export class AgentPresenceChanged extends PresenceEventBase<
  'online' | 'busy' | 'on-break',
  PresenceChangeReason
> {
  readonly type = 'agent-presence-changed' as const;
}

/** An agent went offline; `reason` tells why. */
export class AgentWentOffline extends PresenceEventBase<'offline', GoOfflineReason> {
  readonly type = 'agent-went-offline' as const;
}

export type PresenceEvent = AgentWentOnline | AgentPresenceChanged | AgentWentOffline;
