import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { DispatchMappingRepository, MappingNotFound } from '@tp/dispatch-domain';
import { MappingChecks } from '../mapping-checks';
import { toMappingView, type MappingView } from '../mapping.view';
import { UpdateMappingCommand } from './update-mapping.command';

@CommandHandler(UpdateMappingCommand)
export class UpdateMappingHandler implements ICommandHandler<UpdateMappingCommand> {
  constructor(
    private readonly mappings: DispatchMappingRepository,
    private readonly checks: MappingChecks,
    private readonly clock: Clock,
  ) {}

  async execute({
    tenantId,
    mappingId,
    changes,
    expectedVersion,
  }: UpdateMappingCommand): Promise<MappingView> {
    const mapping = await this.mappings.find(tenantId, mappingId);
    if (!mapping) throw new MappingNotFound(mappingId);
    mapping.assertVersion(expectedVersion);
    const change = mapping.change(changes, this.clock.now());
    if (change.changed.length > 0) {
      await this.checks.beforeSave(mapping, change);
      await this.mappings.save(mapping);
    }
    return toMappingView(mapping);
  }
}
