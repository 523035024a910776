import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DispatchMappingRepository, MappingNotFound } from '@tp/dispatch-domain';
import { DeleteMappingCommand } from './delete-mapping.command';

/** Deleting a mapping frees its number at once: calls to it are then not in service. */
@CommandHandler(DeleteMappingCommand)
export class DeleteMappingHandler implements ICommandHandler<DeleteMappingCommand> {
  constructor(private readonly mappings: DispatchMappingRepository) {}

  async execute({ tenantId, mappingId }: DeleteMappingCommand): Promise<void> {
    const mapping = await this.mappings.find(tenantId, mappingId);
    if (!mapping) throw new MappingNotFound(mappingId);
    await this.mappings.delete(mapping);
  }
}
