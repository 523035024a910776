import { Query } from '@nestjs/cqrs';
import type { FlowVersionView } from '../flow.view';

export class GetFlowVersionQuery extends Query<FlowVersionView> {
  constructor(
    readonly tenantId: string,
    readonly flowId: string,
    readonly version: number,
  ) {
    super();
  }
}
