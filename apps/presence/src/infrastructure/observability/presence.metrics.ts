import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Metrics } from '@tp/platform';
import { Gauge } from 'prom-client';

/**
 * `tp_presence_agents{tenant,state}`: how many agents are online, busy and on a break in each tenant, read from
 * the database when Prometheus scrapes (an index-only count over `agent_presence_signed_in_idx`), so
 * every replica reports the same truth and nothing drifts between scrapes.
 */
@Injectable()
export class PresenceMetrics {
  private readonly logger = new Logger(PresenceMetrics.name);

  constructor(em: EntityManager, metrics: Metrics) {
    const logger = this.logger;
    new Gauge({
      name: 'tp_presence_agents',
      help: 'Agents online, busy (on a routed call) or on a break, by tenant and state, at scrape time.',
      labelNames: ['tenant', 'state'],
      registers: [metrics.registry],
      async collect() {
        try {
          const rows = await em.fork().execute<{ tenant_id: string; state: string; n: string }[]>(
            `select tenant_id, state, count(*) as n from "presence"."agent_presence"
              where state in ('online', 'busy', 'on-break') group by tenant_id, state`,
          );
          this.reset();
          for (const row of rows) this.set({ tenant: row.tenant_id, state: row.state }, Number(row.n));
        } catch (error) {
          logger.warn(
            `could not count agents for /metrics: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      },
    });
  }
}
