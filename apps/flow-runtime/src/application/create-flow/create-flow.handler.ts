import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { Flow, FlowRepository } from '@tp/flow-domain';
import { toFlowView, type FlowView } from '../flow.view';
import { CreateFlowCommand } from './create-flow.command';

/** Creates a flow with no version yet (the designer adds the graph as version 1). */
@CommandHandler(CreateFlowCommand)
export class CreateFlowHandler implements ICommandHandler<CreateFlowCommand, FlowView> {
  constructor(
    private readonly flows: FlowRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, name, type }: CreateFlowCommand): Promise<FlowView> {
    const flow = Flow.create({ id: this.flows.nextId(), tenantId, name, type }, this.clock.now());
    await this.flows.save(flow);
    return toFlowView(flow);
  }
}
