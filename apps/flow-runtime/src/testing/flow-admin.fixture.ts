// What the flow administration handlers' unit tests share: the fakes, and a flow created, given a
// version and published through the handlers.
import type { FlowGraph } from '@tp/flow-domain';
import {
  FakePromptCatalog,
  FixedClock,
  InMemoryFlowRepository,
  loginGraph,
  promptIdsByRole,
} from '@tp/fakes';
import { AddFlowVersionCommand } from '../application/add-flow-version/add-flow-version.command';
import { AddFlowVersionHandler } from '../application/add-flow-version/add-flow-version.handler';
import { CreateFlowCommand } from '../application/create-flow/create-flow.command';
import { CreateFlowHandler } from '../application/create-flow/create-flow.handler';
import { PublishFlowVersionCommand } from '../application/publish-flow-version/publish-flow-version.command';
import { PublishFlowVersionHandler } from '../application/publish-flow-version/publish-flow-version.handler';

export const T0 = '2026-03-02T09:00:00.000Z';

/** No flow yet; media has every prompt of the login flow for `acme`; the clock at `T0`. */
export function flowAdminFixture() {
  const flows = new InMemoryFlowRepository();
  const prompts = new FakePromptCatalog().addSpoken('acme', Object.values(promptIdsByRole()));
  const clock = new FixedClock(T0);
  return {
    flows,
    prompts,
    clock,
    create: (name = 'Timed Presence login', tenantId = 'acme') =>
      new CreateFlowHandler(flows, clock).execute(new CreateFlowCommand(tenantId, name)),
    addVersion: (flowId: string, graph: FlowGraph = loginGraph(), tenantId = 'acme') =>
      new AddFlowVersionHandler(flows, clock).execute(new AddFlowVersionCommand(tenantId, flowId, graph)),
    publish: (flowId: string, version: number, tenantId = 'acme') =>
      new PublishFlowVersionHandler(flows, prompts, clock).execute(
        new PublishFlowVersionCommand(tenantId, flowId, version),
      ),
  };
}
