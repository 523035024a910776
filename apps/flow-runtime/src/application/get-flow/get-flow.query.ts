import { Query } from '@nestjs/cqrs';
import type { FlowView } from '../flow.view';

/** One flow of the tenant; `FLOW.NOT_FOUND` for another tenant's. */
export class GetFlowQuery extends Query<FlowView> {
  constructor(
    readonly tenantId: string,
    readonly flowId: string,
  ) {
    super();
  }
}
