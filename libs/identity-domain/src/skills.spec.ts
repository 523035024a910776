import {
  IdentityFieldInvalid,
  PROFICIENCY_MAX,
  PROFICIENCY_MIN,
  SKILL_NAME_MAX_LENGTH,
  SKILLS_PER_USER_MAX,
  Skill,
  Skills,
  skillKey,
  UserLimitReached,
} from './index';

function fieldError(make: () => unknown): IdentityFieldInvalid {
  try {
    make();
  } catch (error) {
    if (error instanceof IdentityFieldInvalid) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe(Skills.name, () => {
  it('keeps names as typed (trimmed), with or without proficiency, in order', () => {
    const skills = Skills.of([
      { name: ' Spanish ', proficiency: 7 },
      { name: 'billing' },
      { name: 'VIP', proficiency: null },
    ]);

    expect(skills.toProps()).toEqual([
      { name: 'Spanish', proficiency: 7 },
      { name: 'billing', proficiency: null },
      { name: 'VIP', proficiency: null },
    ]);
    expect(skills.keys).toEqual(['spanish', 'billing', 'vip']);
  });

  it.each<[string, { name: string; proficiency?: number | null }[], string]>([
    ['an empty name', [{ name: '  ' }], 'skills.0.name'],
    ['a name of 65 characters', [{ name: 'x'.repeat(65) }], 'skills.0.name'],
    ['a control character', [{ name: 'a\u0007b' }], 'skills.0.name'],
    ['proficiency 0', [{ name: 'a', proficiency: 0 }], 'skills.0.proficiency'],
    ['proficiency 11', [{ name: 'a', proficiency: 11 }], 'skills.0.proficiency'],
    ['proficiency 2.5', [{ name: 'a', proficiency: 2.5 }], 'skills.0.proficiency'],
    ['a name repeated in another case', [{ name: 'Spanish' }, { name: 'spanish' }], 'skills.1.name'],
  ])('refuses %s, naming the field', (_case, input, field) => {
    expect(fieldError(() => Skills.of(input)).field).toBe(field);
  });

  it.each([1, 10])('takes proficiency %p', (proficiency) => {
    expect(Skill.of('a', proficiency).proficiency).toBe(proficiency);
  });

  it('holds at most 100 skills', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `s${i}` }));

    expect(Skills.of(many(100)).all).toHaveLength(100);
    expect(() => Skills.of(many(101))).toThrow(UserLimitReached);
  });

  it('finds a skill ignoring case', () => {
    const skills = Skills.of([{ name: 'Spanish' }]);

    expect(skills.has('SPANISH ')).toBe(true);
    expect(skills.has('French')).toBe(false);
    expect(skillKey(' Billing ')).toBe('billing');
  });

  it.each<
    [string, { name: string; proficiency?: number }[], { name: string; proficiency?: number }[], boolean]
  >([
    [
      'the same skills in another order',
      [{ name: 'a' }, { name: 'b', proficiency: 2 }],
      [{ name: 'b', proficiency: 2 }, { name: 'a' }],
      true,
    ],
    ['another proficiency', [{ name: 'a', proficiency: 1 }], [{ name: 'a', proficiency: 2 }], false],
    ['another spelling', [{ name: 'a' }], [{ name: 'A' }], false],
    ['another skill', [{ name: 'a' }], [{ name: 'b' }], false],
    ['one more skill', [{ name: 'a' }], [{ name: 'a' }, { name: 'b' }], false],
  ])('compares %s', (_case, a, b, same) => {
    expect(Skills.of(a).equals(Skills.of(b))).toBe(same);
  });

  it('has the limits the admin API documents', () => {
    expect([PROFICIENCY_MIN, PROFICIENCY_MAX, SKILL_NAME_MAX_LENGTH, SKILLS_PER_USER_MAX]).toEqual([
      1, 10, 64, 100,
    ]);
    expect(Skills.none.all).toEqual([]);
  });
});
