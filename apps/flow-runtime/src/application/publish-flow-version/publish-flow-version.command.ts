import { Command } from '@nestjs/cqrs';
import type { FlowView } from '../flow.view';

/** Makes a version the one calls run, once it passes every check. */
export class PublishFlowVersionCommand extends Command<FlowView> {
  constructor(
    readonly tenantId: string,
    readonly flowId: string,
    readonly version: number,
  ) {
    super();
  }
}
