import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { AgentSkills, OnlineIntervals } from './online-history.port';
import { OnlineHistoryQuery } from './online-history.query';
import { historyWindow, onlineSeries, ONLINE_HISTORY_STEPS, type OnlineHistoryView } from './online-series';

/**
 * The chart of agents online per skill: the timed sessions of the window from presence's history,
 * the skills of the agents in them from identity (their skills now: identity keeps no history).
 */
@QueryHandler(OnlineHistoryQuery)
export class OnlineHistoryHandler implements IQueryHandler<OnlineHistoryQuery, OnlineHistoryView> {
  constructor(
    private readonly intervals: OnlineIntervals,
    private readonly skills: AgentSkills,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, hours, step }: OnlineHistoryQuery): Promise<OnlineHistoryView> {
    const now = this.clock.now();
    const stepMinutes = ONLINE_HISTORY_STEPS[step];
    const window = historyWindow(now, hours, stepMinutes);
    const intervals = await this.intervals.overlapping(tenantId, window.from, window.to, now);
    const agents = [...new Set(intervals.map((i) => i.agentId))];
    const skillsOf =
      agents.length === 0 ? new Map<string, string[]>() : await this.skills.of(tenantId, agents);
    const series = onlineSeries(intervals, skillsOf, window, stepMinutes);
    return {
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      step,
      stepSeconds: stepMinutes * 60,
      ...series,
    };
  }
}
