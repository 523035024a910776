import {
  CALLER_VERIFICATION_POLICIES,
  FULL_ATTESTATION,
  callerVerificationStep,
  isFullyAttested,
  isPinRequired,
  type CallerVerificationPolicy,
  type CallerVerificationStep,
} from './index';

describe(isPinRequired.name, () => {
  it.each<[CallerVerificationPolicy, string | null | undefined, boolean]>([
    ['caller-id', undefined, false],
    ['caller-id', 'No-TN-Validation', false],
    ['caller-id', 'TN-Validation-Failed-A', false],
    ['pin', undefined, true],
    ['pin', 'TN-Validation-Passed-A', true],
    ['pin-unless-attested', 'TN-Validation-Passed-A', false],
    ['pin-unless-attested', 'TN-Validation-Passed-B', true],
    ['pin-unless-attested', 'TN-Validation-Passed-C', true],
    ['pin-unless-attested', 'TN-Validation-Failed-A', true],
    ['pin-unless-attested', 'No-TN-Validation', true],
    ['pin-unless-attested', 'tn-validation-passed-a', true],
    ['pin-unless-attested', '', true],
    ['pin-unless-attested', null, true],
    ['pin-unless-attested', undefined, true],
  ])('with the policy %s and StirVerstat %p asks for a PIN: %p', (policy, stirVerstat, required) => {
    expect(isPinRequired(policy, stirVerstat)).toBe(required);
  });
});

describe(isFullyAttested.name, () => {
  it.each<[string | null | undefined, boolean]>([
    [FULL_ATTESTATION, true],
    ['TN-Validation-Passed-A', true],
    ['TN-Validation-Passed-B', false],
    ['TN-Validation-Failed-A', false],
    [' TN-Validation-Passed-A', false],
    [null, false],
    [undefined, false],
  ])('counts %p as full attestation: %p', (stirVerstat, attested) => {
    expect(isFullyAttested(stirVerstat)).toBe(attested);
  });
});

describe(callerVerificationStep.name, () => {
  it.each<[CallerVerificationPolicy, string | undefined, boolean, CallerVerificationStep]>([
    ['caller-id', undefined, false, 'none'],
    ['caller-id', undefined, true, 'none'],
    ['pin', 'TN-Validation-Passed-A', true, 'pin'],
    ['pin-unless-attested', 'TN-Validation-Passed-A', false, 'none'],
    ['pin-unless-attested', 'TN-Validation-Passed-B', true, 'pin'],
  ])(
    'with the policy %s, StirVerstat %p and a PIN set (%p) answers %s',
    (policy, stirVerstat, hasPin, step) => {
      expect(callerVerificationStep(policy, { stirVerstat, hasPin })).toBe(step);
    },
  );

  it.each(CALLER_VERIFICATION_POLICIES)(
    'under %s, lets an attested agent with a PIN in on caller ID unless a PIN is always asked',
    (policy) => {
      const step = callerVerificationStep(policy, { stirVerstat: FULL_ATTESTATION, hasPin: true });

      expect(step).toBe(policy === 'pin' ? 'pin' : 'none');
    },
  );

  it.each<[CallerVerificationPolicy, string | undefined]>([
    ['pin', 'TN-Validation-Passed-A'],
    ['pin-unless-attested', 'TN-Validation-Passed-B'],
    ['pin-unless-attested', undefined],
  ])('never lets in an agent without a PIN when %s asks for one (StirVerstat %p)', (policy, stirVerstat) => {
    expect(callerVerificationStep(policy, { stirVerstat, hasPin: false })).toBe('pin-not-set');
  });
});
