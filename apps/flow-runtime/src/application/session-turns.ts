import type { SessionTurn } from '@tp/contracts';
import { apologySteps, type TimedPresenceSettings } from '@tp/flow-domain';

/**
 * Every prompt of the activity: a turn asks for all of them at once (one cached lookup, one request
 * to media when cold), whichever roles it plays.
 */
export function activityPromptIds(settings: TimedPresenceSettings): string[] {
  return [...new Set(Object.values(settings.prompts))];
}

/** The answer when a service behind the call failed: an apology, and the call ends. Never stored. */
export function apologyTurn(sessionId: string, turn: number): SessionTurn {
  return { sessionId, turn, steps: apologySteps(), done: true };
}
