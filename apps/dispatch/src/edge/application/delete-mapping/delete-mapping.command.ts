import { Command } from '@nestjs/cqrs';

export class DeleteMappingCommand extends Command<void> {
  constructor(
    readonly tenantId: string,
    readonly mappingId: string,
  ) {
    super();
  }
}
