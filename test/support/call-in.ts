/** What callers hear on the call-in path, and checks shared by the call-in end-to-end tests. */
import { APOLOGY_TEXT as FLOW_APOLOGY_TEXT, builtInText, TIMED_PRESENCE_DEFAULTS } from '@tp/flow-domain';
import { starterPromptSet, type StarterPromptRole } from '@tp/media-domain';
import type { PromptRole } from '@tp/timed-presence-domain';
import type { SimulatedCall } from '@tp/twilio-simulator';

/** The starter set's texts by role (what seedTimedPresenceTenant gives every tenant). */
export const SAY: Record<StarterPromptRole, string> = Object.fromEntries(
  starterPromptSet().map((p) => [p.role, p.content.text]),
) as Record<StarterPromptRole, string>;

/** The built-in wording of the roles the starter set has no prompt for (PIN, giving up). */
export const BUILT_IN = (role: PromptRole): string =>
  builtInText(role, { ...TIMED_PRESENCE_DEFAULTS, maxHours: 99, prompts: {}, break: null });

/** Dispatch's own words (apps/dispatch/src/common/call-answer.ts). */
export const NOT_IN_SERVICE_TEXT = 'The number you have called is not in service.';
export const DISPATCH_APOLOGY_TEXT =
  'We are sorry, we cannot take your call right now because of a problem on our side. Please try again in a few minutes. Goodbye.';
/** A dependency failing inside a turn: flow-runtime's apology (libs/flow-domain). */
export { FLOW_APOLOGY_TEXT };

export const HOUR_MS = 3_600_000;

/** The call waits at a Gather for the preset menu (one key, no finish key). */
export function expectAtMenu(call: SimulatedCall): void {
  expect(call.ended).toBe(false);
  expect(call.gather).toMatchObject({ numDigits: 1, finishOnKey: '', actionOnEmptyResult: true });
}

/** The call ended after the caller heard exactly `said`. */
export function expectEndedHearing(call: SimulatedCall, said: string): void {
  expect(call.lastSaid).toBe(said);
  expect(call.gather).toBeNull();
  expect(call.ended).toBe(true);
  expect(call.lastTwiml).toMatch(/<Hangup\/>\s*<\/Response>$/);
}

/** `expiresAt` is `hours` after a moment between `before` and `after` (ms since the epoch). */
export function expectExpiryIn(expiresAt: string | null, hours: number, before: number, after: number): void {
  expect(expiresAt).not.toBeNull();
  const at = Date.parse(expiresAt!);
  expect(at).toBeGreaterThanOrEqual(before + hours * HOUR_MS - 1000);
  expect(at).toBeLessThanOrEqual(after + hours * HOUR_MS + 1000);
}
