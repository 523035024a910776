import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { DispatchMapping, DispatchMappingRepository } from '@tp/dispatch-domain';
import { MappingChecks } from '../mapping-checks';
import { toMappingView, type MappingView } from '../mapping.view';
import { CreateMappingCommand } from './create-mapping.command';

@CommandHandler(CreateMappingCommand)
export class CreateMappingHandler implements ICommandHandler<CreateMappingCommand> {
  constructor(
    private readonly mappings: DispatchMappingRepository,
    private readonly checks: MappingChecks,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, fields }: CreateMappingCommand): Promise<MappingView> {
    const { mapping, change } = DispatchMapping.create(
      { ...fields, id: this.mappings.nextId(), tenantId },
      this.clock.now(),
    );
    await this.checks.beforeSave(mapping, change);
    await this.mappings.save(mapping);
    return toMappingView(mapping);
  }
}
