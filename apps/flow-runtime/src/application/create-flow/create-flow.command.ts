import { Command } from '@nestjs/cqrs';
import type { FlowView } from '../flow.view';

export class CreateFlowCommand extends Command<FlowView> {
  constructor(
    readonly tenantId: string,
    readonly name: string,
    readonly type?: string,
  ) {
    super();
  }
}
