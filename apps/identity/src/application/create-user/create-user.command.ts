import type { ExtensionInput } from '@tp/identity-domain';

export interface CreateUserInput {
  name: string;
  email: string;
  timeZone?: string | null;
  skills?: { name: string; proficiency?: number | null }[];
  extensions?: ExtensionInput[];
}

export class CreateUserCommand {
  constructor(
    readonly tenantId: string,
    readonly input: CreateUserInput,
  ) {}
}
