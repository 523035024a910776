import { Query } from '@nestjs/cqrs';
import type { FlowView } from '../flow.view';

export interface FlowListView {
  readonly items: FlowView[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export class ListFlowsQuery extends Query<FlowListView> {
  constructor(
    readonly tenantId: string,
    readonly limit: number,
    readonly offset: number,
  ) {
    super();
  }
}
