import { Command } from '@nestjs/cqrs';
import type { DispatchMappingChanges } from '@tp/dispatch-domain';
import type { MappingView } from '../mapping.view';

export class UpdateMappingCommand extends Command<MappingView> {
  constructor(
    readonly tenantId: string,
    readonly mappingId: string,
    readonly changes: DispatchMappingChanges,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
