import type { PresenceView } from '@tp/contracts';
import {
  AgentPresence,
  PresenceChangedConcurrently,
  type PresenceRepository,
  type SessionOrigin,
} from '@tp/timed-presence-domain';

const ATTEMPTS = 10;

/**
 * Reads an agent's presence, applies one change and saves it; when another change of the same
 * agent won the race (the scheduler, a second replica), it starts again from fresh state.
 */
export async function changePresence(
  presences: PresenceRepository,
  tenantId: string,
  agentId: string,
  change: (presence: AgentPresence) => void,
  origin?: SessionOrigin,
): Promise<AgentPresence> {
  for (let attempt = 1; ; attempt += 1) {
    const presence = (await presences.find(tenantId, agentId)) ?? AgentPresence.absent(tenantId, agentId);
    change(presence);
    try {
      await presences.save(presence, origin);
      return presence;
    } catch (error) {
      if (!(error instanceof PresenceChangedConcurrently) || attempt >= ATTEMPTS) throw error;
      // Jittered backoff, so that racing writers of one agent do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

/** What every command answers: the state, its expiry, a break's end and the sequence. */
export function presenceView(presence: AgentPresence): PresenceView {
  return {
    tenantId: presence.tenantId,
    agentId: presence.agentId,
    state: presence.state,
    expiresAt: presence.expiresAt?.toISOString() ?? null,
    breakEndsAt: presence.breakEndsAt?.toISOString() ?? null,
    sequence: presence.sequence,
    reason: presence.lastReason,
    changedAt: presence.changedAt?.toISOString() ?? null,
    expiresWhenCallEnds: presence.expiredWhileBusy,
  };
}
