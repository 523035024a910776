import { describeWaitingCallsContract } from './routing-queue-calls.contract';
import { contractWorlds, type RoutingQueueHarness } from './routing-queue-contract.world';
import { describeOffersContract } from './routing-queue-offers.contract';

export type { AgentRow, AgentSeed, RoutingQueueHarness } from './routing-queue-contract.world';

/**
 * What {@link RoutingQueueHarness.queue} promises, as tests any implementation must pass: the
 * in-memory fake of the unit tests and the PostgreSQL adapter run the same.
 */
export function describeRoutingQueueContract(harness: () => RoutingQueueHarness): void {
  const world = contractWorlds(harness);
  describeWaitingCallsContract(world);
  describeOffersContract(world);
}
