/**
 * How the Timed Presence activity makes sure the caller is the agent whose number called.
 * - `caller-id`: the caller ID alone, as the vendor product does (caller ID can be spoofed).
 * - `pin`: always ask for the agent's PIN.
 * - `pin-unless-attested`: ask for the PIN unless the carrier attests the caller ID at level A.
 */
export type CallerVerificationPolicy = 'caller-id' | 'pin' | 'pin-unless-attested';

export const CALLER_VERIFICATION_POLICIES: readonly CallerVerificationPolicy[] = [
  'caller-id',
  'pin',
  'pin-unless-attested',
];

/**
 * The STIR/SHAKEN verification of a call as the carrier reports it (Twilio's `StirVerstat`), e.g.
 * `TN-Validation-Passed-A`, `TN-Validation-Passed-B`, `TN-Validation-Failed-A`, `No-TN-Validation`.
 */
export type StirVerstat = string;

/** The only verification that vouches for the caller ID: full attestation that passed. */
export const FULL_ATTESTATION: StirVerstat = 'TN-Validation-Passed-A';

/**
 * What the IVR does before the menu.
 * - `none`: go on to the menu.
 * - `pin`: ask for the PIN.
 * - `pin-not-set`: a PIN is required but the agent has none: the call ends with the `pin-not-set`
 *   prompt and nothing changes. An agent without a PIN is never let in on caller ID alone when the
 *   policy asks for more; an admin must set a PIN first.
 */
export type CallerVerificationStep = 'none' | 'pin' | 'pin-not-set';

/** True when the call's caller ID is attested at level A and the check passed (exact match). */
export function isFullyAttested(stirVerstat: StirVerstat | null | undefined): boolean {
  return stirVerstat === FULL_ATTESTATION;
}

/** Whether the policy asks this call for a PIN. */
export function isPinRequired(policy: CallerVerificationPolicy, stirVerstat?: StirVerstat | null): boolean {
  switch (policy) {
    case 'caller-id':
      return false;
    case 'pin':
      return true;
    case 'pin-unless-attested':
      return !isFullyAttested(stirVerstat);
  }
}

/** What to do with a recognised caller, given the policy, the call's attestation and whether they have a PIN. */
export function callerVerificationStep(
  policy: CallerVerificationPolicy,
  call: { stirVerstat?: StirVerstat | null; hasPin: boolean },
): CallerVerificationStep {
  if (!isPinRequired(policy, call.stirVerstat)) return 'none';
  return call.hasPin ? 'pin' : 'pin-not-set';
}
