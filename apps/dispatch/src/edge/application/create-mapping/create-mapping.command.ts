import { Command } from '@nestjs/cqrs';
import type { MappingView } from '../mapping.view';

export interface CreateMappingFields {
  name: string;
  description?: string | null;
  interactionType?: string;
  mappingType?: string;
  phoneNumber: string;
  flowId: string;
  twilioAccount?: string;
  active?: boolean;
}

export class CreateMappingCommand extends Command<MappingView> {
  constructor(
    readonly tenantId: string,
    readonly fields: CreateMappingFields,
  ) {
    super();
  }
}
