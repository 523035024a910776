/** Replaces all skills of a user. */
export class SetSkillsCommand {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
    readonly skills: { name: string; proficiency?: number | null }[],
  ) {}
}
