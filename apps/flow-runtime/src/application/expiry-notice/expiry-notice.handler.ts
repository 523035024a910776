import { Inject } from '@nestjs/common';
import { Deadline } from '@tp/ddd';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { expiryNoticeSteps, FlowRepository, FlowSessionRepository, PromptCatalog } from '@tp/flow-domain';
import { FLOW_RUNTIME_CONFIG, type FlowRuntimeConfig } from '../../flow-runtime.config';
import { ExpiryNoticeQuery, type ExpiryNoticeView } from './expiry-notice.query';

/**
 * Follows the flow the agent last signed in through, as it is published now (an admin who turns
 * the notice off expects it off for everyone, not after everyone's next login; the version of the
 * login stands in when the flow has none published). Notify only when its Timed Presence activity
 * asks for it, with the Offline prompt (or the built-in notice when media cannot deliver it).
 */
@QueryHandler(ExpiryNoticeQuery)
export class ExpiryNoticeHandler implements IQueryHandler<ExpiryNoticeQuery, ExpiryNoticeView> {
  constructor(
    private readonly flows: FlowRepository,
    private readonly sessions: FlowSessionRepository,
    private readonly prompts: PromptCatalog,
    @Inject(FLOW_RUNTIME_CONFIG)
    private readonly config: Pick<FlowRuntimeConfig, 'FLOW_RUNTIME_DEADLINE_MS'>,
  ) {}

  async execute({ tenantId, agentId }: ExpiryNoticeQuery): Promise<ExpiryNoticeView> {
    const login = await this.sessions.lastLogin(tenantId, agentId);
    if (login === null) return { notify: false };
    const flow = await this.flows.find(tenantId, login.flowId);
    if (flow === null) return { notify: false };
    const version = await this.flows.findVersion(
      tenantId,
      flow.id,
      flow.publishedVersion ?? login.flowVersion,
    );
    let settings;
    try {
      settings = version?.timedPresence().settings;
    } catch {
      return { notify: false }; // the published version no longer runs a Timed Presence activity
    }
    if (settings === undefined || !settings.notifyOnExpiry) return { notify: false };
    const offline = settings.prompts.offline;
    const ids = [offline, settings.prompts.welcome].filter((id): id is string => id !== undefined);
    const contents = await this.prompts.contents(
      tenantId,
      ids,
      Deadline.after(this.config.FLOW_RUNTIME_DEADLINE_MS),
    );
    return { notify: true, flowId: flow.id, steps: expiryNoticeSteps(settings, contents) };
  }
}
