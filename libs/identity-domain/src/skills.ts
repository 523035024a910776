import { IdentityFieldInvalid, UserLimitReached } from './identity.errors';

export const PROFICIENCY_MIN = 1;
export const PROFICIENCY_MAX = 10;
export const SKILL_NAME_MAX_LENGTH = 64;
export const SKILLS_PER_USER_MAX = 100;

/** A skill as stored and sent: its name and, when the admin set one, a proficiency 1..10. */
export interface SkillProps {
  readonly name: string;
  readonly proficiency: number | null;
}

/**
 * A skill of a user (`spanish`, `billing`), with an optional proficiency from 1 (novice) to 10.
 * Routing matches skills by name, ignoring case; the name keeps the spelling the admin typed.
 */
export class Skill {
  private constructor(
    readonly name: string,
    readonly proficiency: number | null,
  ) {}

  static of(name: string, proficiency: number | null = null, field = 'skills'): Skill {
    const text = name.trim();
    if (text.length === 0 || text.length > SKILL_NAME_MAX_LENGTH) {
      throw new IdentityFieldInvalid(
        `${field}.name`,
        `must be 1 to ${SKILL_NAME_MAX_LENGTH} characters`,
        name,
      );
    }
    if (/[\p{Cc}]/u.test(text)) {
      throw new IdentityFieldInvalid(`${field}.name`, 'must not contain control characters', name);
    }
    if (
      proficiency !== null &&
      (!Number.isInteger(proficiency) || proficiency < PROFICIENCY_MIN || proficiency > PROFICIENCY_MAX)
    ) {
      throw new IdentityFieldInvalid(
        `${field}.proficiency`,
        `must be a whole number from ${PROFICIENCY_MIN} to ${PROFICIENCY_MAX}`,
        proficiency,
      );
    }
    return new Skill(text, proficiency);
  }

  /** The name as routing compares it: case and surrounding blanks do not matter. */
  get key(): string {
    return skillKey(this.name);
  }

  toProps(): SkillProps {
    return { name: this.name, proficiency: this.proficiency };
  }
}

/** How skill names are compared and filtered: `Spanish` and `spanish ` are the same skill. */
export function skillKey(name: string): string {
  return name.trim().toLowerCase();
}

/** The skills of one user: unique by name (ignoring case), kept in the order given. */
export class Skills {
  private constructor(private readonly items: readonly Skill[]) {}

  static readonly none = new Skills([]);

  /** Throws {@link IdentityFieldInvalid} on a bad or repeated skill, {@link UserLimitReached} past 100. */
  static of(skills: readonly { name: string; proficiency?: number | null }[]): Skills {
    if (skills.length > SKILLS_PER_USER_MAX) throw new UserLimitReached('skills', SKILLS_PER_USER_MAX);
    const seen = new Set<string>();
    const items = skills.map((s, i) => {
      const skill = Skill.of(s.name, s.proficiency ?? null, `skills.${i}`);
      if (seen.has(skill.key)) {
        throw new IdentityFieldInvalid(`skills.${i}.name`, 'repeats a skill already in the list', s.name);
      }
      seen.add(skill.key);
      return skill;
    });
    return new Skills(items);
  }

  get all(): readonly Skill[] {
    return this.items;
  }

  /** The lower-cased names, for filtering by skill. */
  get keys(): string[] {
    return this.items.map((s) => s.key);
  }

  has(name: string): boolean {
    const key = skillKey(name);
    return this.items.some((s) => s.key === key);
  }

  /** Same names (ignoring case), spellings and proficiencies, in any order. */
  equals(other: Skills): boolean {
    if (this.items.length !== other.items.length) return false;
    const mine = new Map(this.items.map((s) => [s.key, s]));
    return other.items.every((s) => {
      const same = mine.get(s.key);
      return same !== undefined && same.name === s.name && same.proficiency === s.proficiency;
    });
  }

  toProps(): SkillProps[] {
    return this.items.map((s) => s.toProps());
  }
}
