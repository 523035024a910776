import { TenantFieldInvalid } from './tenant.errors';

/**
 * A tenant id is also a NATS subject token and part of every credential, so it is a slug: 1 to 63
 * lower-case letters, digits or dashes, starting with a letter or digit.
 */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const TENANT_DISPLAY_NAME_MAX_LENGTH = 100;

/** Everything a repository stores about one tenant. */
export interface TenantProps {
  readonly id: string;
  readonly displayName: string;
  readonly createdAt: Date;
}

/**
 * A tenant: one customer organisation on the platform. Everything else (users, prompts, flows,
 * mappings, presence) carries its id. The id never changes; the display name is what people read.
 */
export class Tenant {
  private constructor(
    readonly id: string,
    private name: string,
    readonly createdAt: Date,
  ) {}

  static create(input: { id: string; displayName: string }, now: Date): Tenant {
    if (!TENANT_ID_PATTERN.test(input.id)) {
      throw new TenantFieldInvalid(
        'id',
        'must be 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit',
        input.id,
      );
    }
    return new Tenant(input.id, Tenant.checkedName(input.displayName), now);
  }

  static restore(props: TenantProps): Tenant {
    return new Tenant(props.id, props.displayName, props.createdAt);
  }

  get displayName(): string {
    return this.name;
  }

  rename(displayName: string): void {
    this.name = Tenant.checkedName(displayName);
  }

  toProps(): TenantProps {
    return { id: this.id, displayName: this.name, createdAt: this.createdAt };
  }

  private static checkedName(value: string): string {
    const name = value.trim().replace(/\s+/g, ' ');
    if (name.length === 0) throw new TenantFieldInvalid('displayName', 'must not be empty', value);
    if (name.length > TENANT_DISPLAY_NAME_MAX_LENGTH) {
      throw new TenantFieldInvalid(
        'displayName',
        `must be at most ${TENANT_DISPLAY_NAME_MAX_LENGTH} characters`,
        value,
      );
    }
    return name;
  }
}
