import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PresenceView } from '@tp/contracts';
import { GoOnlineCommand } from '../go-online/go-online.command';
import { GoOnlineHandler } from '../go-online/go-online.handler';
import { AgentDirectory } from '../ports/agent-directory.port';
import { ForceOnlineCommand } from './force-online.command';
import { AgentUnknown } from './force-online.errors';

/**
 * Goes online on an admin's word, for an agent identity knows in the tenant only: an id typed by
 * hand must not give a phantom agent a presence (and its events to subscribers). A login needs no
 * such check: flow-runtime found the agent in identity by their phone a moment before.
 */
@CommandHandler(ForceOnlineCommand)
export class ForceOnlineHandler implements ICommandHandler<ForceOnlineCommand, PresenceView> {
  constructor(
    private readonly agents: AgentDirectory,
    private readonly goOnline: GoOnlineHandler,
  ) {}

  async execute({ tenantId, agentId, hours }: ForceOnlineCommand): Promise<PresenceView> {
    if (!(await this.agents.isAgent(tenantId, agentId))) throw new AgentUnknown(agentId);
    return this.goOnline.execute(new GoOnlineCommand(tenantId, agentId, hours, 'admin', { via: 'admin' }));
  }
}
