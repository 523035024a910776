import { TwilioCredentialsInvalid } from './dispatch.errors';
import type { TwilioAccountOwner } from './mapping-fields';

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
const AUTH_TOKEN = /^[0-9a-f]{32}$/;
const REDACTED = '[redacted]';

/**
 * A secret that does not leak by accident: it prints, serialises and inspects as `[redacted]`;
 * only {@link Secret.reveal} gives the value, at the one place that needs it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}

/** `AC` and 32 lower-case hex digits, as Twilio writes an Account SID. */
export function parseAccountSid(input: string): string {
  const sid = input.trim();
  if (!ACCOUNT_SID.test(sid))
    throw new TwilioCredentialsInvalid('accountSid', 'must be AC followed by 32 hex digits');
  return sid;
}

/** 32 lower-case hex digits, as Twilio issues Auth Tokens (a pasted SID or API key is refused). */
export function parseAuthToken(input: string): Secret {
  const token = input.trim();
  if (!AUTH_TOKEN.test(token)) throw new TwilioCredentialsInvalid('authToken', 'must be 32 hex digits');
  return new Secret(token);
}

/** An Account SID with its Auth Token: signs webhooks, authenticates REST calls. */
export interface TwilioCredentials {
  readonly owner: TwilioAccountOwner;
  readonly accountSid: string;
  readonly authToken: Secret;
}

/** A tenant's own Twilio account. */
export class TenantTwilioAccount {
  private constructor(
    readonly tenantId: string,
    readonly accountSid: string,
    readonly authToken: Secret,
    readonly updatedAt: Date,
  ) {}

  /** Validates the SID and token as typed by an admin. */
  static set(tenantId: string, accountSid: string, authToken: string, now: Date): TenantTwilioAccount {
    return new TenantTwilioAccount(tenantId, parseAccountSid(accountSid), parseAuthToken(authToken), now);
  }

  static restore(
    tenantId: string,
    accountSid: string,
    authToken: Secret,
    updatedAt: Date,
  ): TenantTwilioAccount {
    return new TenantTwilioAccount(tenantId, accountSid, authToken, updatedAt);
  }

  get credentials(): TwilioCredentials {
    return { owner: 'tenant', accountSid: this.accountSid, authToken: this.authToken };
  }
}
