import { Query } from '@nestjs/cqrs';
import type { OnlineHistoryStep, OnlineHistoryView } from './online-series';

/** Agents online per step and per skill over the last `hours`. */
export class OnlineHistoryQuery extends Query<OnlineHistoryView> {
  constructor(
    readonly tenantId: string,
    readonly hours: number,
    readonly step: OnlineHistoryStep,
  ) {
    super();
  }
}
