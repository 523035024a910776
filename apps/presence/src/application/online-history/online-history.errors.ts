import { DomainError } from '@tp/ddd';

/** Identity did not tell the agents' skills, so no chart per skill can be drawn now. */
export class SkillsUnavailable extends DomainError {
  readonly code = 'PRESENCE.SKILLS_UNAVAILABLE';
  readonly kind = 'unavailable' as const;

  constructor(reason: string) {
    super(`cannot tell the agents' skills right now (${reason})`, {});
  }
}
