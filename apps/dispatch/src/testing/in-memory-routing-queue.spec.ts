import { InMemoryRoutingQueue } from './in-memory-routing-queue';
import { describeRoutingQueueContract } from './routing-queue.contract';

/** The fake honours the port as the PostgreSQL adapter does (the same contract runs against both). */
describe(InMemoryRoutingQueue.name, () => {
  describeRoutingQueueContract(() => {
    const queue = new InMemoryRoutingQueue();
    return {
      queue,
      seedAgents: (tenantId, agents) => {
        queue.withAgents(...agents.map((a) => ({ ...a, tenantId, skills: a.skills ?? [] })));
        return Promise.resolve();
      },
      agent: (tenantId, agentId) => {
        const agent = queue.agent(tenantId, agentId);
        if (!agent) return Promise.reject(new Error(`no agent ${agentId}`));
        const { reservationId, reservedUntil, consecutiveMisses } = agent;
        return Promise.resolve({ reservationId, reservedUntil, consecutiveMisses });
      },
    };
  });
});
