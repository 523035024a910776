import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SessionTurn } from '@tp/contracts';
import { Clock, Deadline } from '@tp/ddd';
import {
  AgentDirectory,
  CustomerWalk,
  DependencyUnavailable,
  FlowNotFound,
  FlowNotPublished,
  FlowRepository,
  FlowSession,
  FlowSessionRepository,
  FlowVersionNotFound,
  ivrConfigOf,
  isLookupableCallerId,
  PresenceGateway,
  PromptCatalog,
  renderWalk,
  toChannelSteps,
  walkPromptIds,
  type FlowVersion,
  type PromptContents,
} from '@tp/flow-domain';
import { TimedPresenceIvr, type IvrCaller } from '@tp/timed-presence-domain';
import { FLOW_RUNTIME_CONFIG, type FlowRuntimeConfig } from '../../flow-runtime.config';
import { activityPromptIds, apologyTurn } from '../session-turns';
import { StartSessionCommand } from './start-session.command';

/**
 * Answers a call with the first turn of the flow's published version. A login flow: the Timed
 * Presence activity after the Entry, run by the IVR state machine for the caller identity finds by
 * caller ID (with their presence). A customer flow (the Entry leads to a Play Prompt, a Queue or an
 * Exit): the prompts up to the first Queue (an `enqueue`) or Exit (a hangup). Idempotent by call: a
 * retried webhook gets the stored first turn, and since answering a call changes nothing elsewhere,
 * a race of two starts simply keeps the first stored. The session is written without being looked
 * for first (one round trip: the insert answers the stored session when there is one), so a retry
 * works the turn out again and then keeps the first.
 * Identity or presence not answering in time: an apology and the end of the call, nothing stored.
 */
@CommandHandler(StartSessionCommand)
export class StartSessionHandler implements ICommandHandler<StartSessionCommand, SessionTurn> {
  private readonly logger = new Logger(StartSessionHandler.name);

  constructor(
    private readonly flows: FlowRepository,
    private readonly sessions: FlowSessionRepository,
    private readonly agents: AgentDirectory,
    private readonly presence: PresenceGateway,
    private readonly prompts: PromptCatalog,
    private readonly clock: Clock,
    @Inject(FLOW_RUNTIME_CONFIG)
    private readonly config: Pick<FlowRuntimeConfig, 'FLOW_RUNTIME_DEADLINE_MS'>,
  ) {}

  async execute({
    tenantId,
    flowId,
    callSid,
    from,
    stirVerstat,
    callerWaitsMs,
  }: StartSessionCommand): Promise<SessionTurn> {
    const deadline = Deadline.after(this.config.FLOW_RUNTIME_DEADLINE_MS).within(callerWaitsMs);
    const flow = await this.flows.find(tenantId, flowId);
    if (flow === null) throw new FlowNotFound(flowId);
    if (flow.publishedVersion === null) throw new FlowNotPublished(flowId);
    const version = await this.flows.findVersion(tenantId, flowId, flow.publishedVersion);
    if (version === null) throw new FlowVersionNotFound(flowId, flow.publishedVersion);
    if (CustomerWalk.runs(version.graph)) return this.startCustomer(version, callSid, deadline);
    const { settings } = version.timedPresence();

    // Prompts are fetched while identity and presence are asked (cached, usually).
    const prompts = this.prompts.contents(tenantId, activityPromptIds(settings), deadline);
    let caller: IvrCaller;
    try {
      caller = await this.identify(tenantId, from, deadline);
    } catch (error) {
      await settled(prompts);
      if (!(error instanceof DependencyUnavailable)) throw error;
      const sessionId = this.sessions.nextId();
      this.logger.warn(
        `tenant ${tenantId} call ${callSid} session ${sessionId}: ${error.message}; apologised`,
      );
      return apologyTurn(sessionId, 1);
    }

    const { ivr, turn } = TimedPresenceIvr.start(ivrConfigOf(settings), caller, { stirVerstat });
    const session = FlowSession.start(
      {
        id: this.sessions.nextId(),
        tenantId,
        flowId,
        flowVersion: version.version,
        callSid,
        ivr,
        steps: toChannelSteps(turn.steps, settings, await prompts),
      },
      this.clock.now(),
    );
    return (await this.sessions.insertOrGet(session)).firstReply;
  }

  /** Turn 1 of a customer flow: nobody is looked up; media failing leaves the built-in wording. */
  private async startCustomer(
    version: FlowVersion,
    callSid: string,
    deadline: Deadline,
  ): Promise<SessionTurn> {
    const { tenantId, flowId } = version;
    const walk = new CustomerWalk(version.graph).start();
    const ids = walkPromptIds(walk);
    const contents = ids.length === 0 ? new Map() : await this.prompts.contents(tenantId, ids, deadline);
    const session = FlowSession.startCustomer(
      {
        id: this.sessions.nextId(),
        tenantId,
        flowId,
        flowVersion: version.version,
        callSid,
        walk,
        steps: renderWalk(walk, contents),
      },
      this.clock.now(),
    );
    return (await this.sessions.insertOrGet(session)).firstReply;
  }

  /** The caller by caller ID, with their presence; an anonymous or withheld number is nobody, unasked. */
  private async identify(tenantId: string, from: string, deadline: Deadline): Promise<IvrCaller> {
    if (!isLookupableCallerId(from)) return { found: false };
    const agent = await this.agents.findByPhone(tenantId, from, deadline);
    if (agent === null) return { found: false };
    const presence = await this.presence.presenceOf(tenantId, agent.userId, deadline);
    return { found: true, userId: agent.userId, hasPin: agent.hasPin, timeZone: agent.timeZone, presence };
  }
}

async function settled(prompts: Promise<PromptContents>): Promise<void> {
  await prompts.catch(() => undefined);
}
