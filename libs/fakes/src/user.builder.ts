import {
  User,
  type ExtensionProps,
  type SkillProps,
  type UserProps,
  type UserStatus,
} from '@tp/identity-domain';

/**
 * Test data for identity: active user `user-1` "Ann Agent" of tenant `acme`, version 1, no PIN, no
 * skills, no extensions, unless told otherwise. Builds a stored user (no pending events).
 *
 *     const user = aUser().withPstn('+14158675309').withSkills({ name: 'spanish', proficiency: 7 }).build();
 */
export class UserBuilder {
  private props: UserProps = {
    tenantId: 'acme',
    id: 'user-1',
    name: 'Ann Agent',
    email: 'ann@example.com',
    timeZone: null,
    status: 'active',
    pinHash: null,
    skills: [],
    extensions: [],
    version: 1,
    createdAt: new Date('2026-01-01T08:00:00.000Z'),
    updatedAt: new Date('2026-01-01T08:00:00.000Z'),
  };

  forTenant(tenantId: string): this {
    return this.with({ tenantId });
  }

  withId(id: string): this {
    return this.with({ id });
  }

  named(name: string): this {
    return this.with({ name });
  }

  withEmail(email: string): this {
    return this.with({ email });
  }

  inTimeZone(timeZone: string | null): this {
    return this.with({ timeZone });
  }

  withStatus(status: UserStatus): this {
    return this.with({ status });
  }

  disabled(): this {
    return this.with({ status: 'disabled' });
  }

  /** A PIN hash as the fake hasher makes it. */
  withPinHash(pinHash: string | null): this {
    return this.with({ pinHash });
  }

  withSkills(...skills: { name: string; proficiency?: number | null }[]): this {
    return this.with({
      skills: skills.map((s): SkillProps => ({ name: s.name, proficiency: s.proficiency ?? null })),
    });
  }

  /** Adds a PSTN extension (E.164) with id `<user id>-x<n>`. */
  withPstn(number: string, extra: { id?: string; ext?: string; description?: string } = {}): this {
    const extension: ExtensionProps = {
      id: extra.id ?? `${this.props.id}-x${this.props.extensions.length + 1}`,
      type: 'pstn',
      number,
      ext: extra.ext ?? null,
      description: extra.description ?? null,
    };
    return this.with({ extensions: [...this.props.extensions, extension] });
  }

  atVersion(version: number): this {
    return this.with({ version });
  }

  createdAt(at: Date | string): this {
    return this.with({ createdAt: new Date(at), updatedAt: new Date(at) });
  }

  build(): User {
    return User.restore(this.props);
  }

  private with(change: Partial<UserProps>): this {
    this.props = { ...this.props, ...change };
    return this;
  }
}

export function aUser(): UserBuilder {
  return new UserBuilder();
}
