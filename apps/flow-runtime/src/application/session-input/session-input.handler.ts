import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SessionTurn } from '@tp/contracts';
import { Clock, Deadline } from '@tp/ddd';
import {
  AgentDirectory,
  DependencyUnavailable,
  FlowRepository,
  FlowSessionNotFound,
  FlowSessionRepository,
  FlowVersionNotFound,
  PresenceGateway,
  PromptCatalog,
  toChannelSteps,
  type FlowSession,
  type TimedPresenceSettings,
} from '@tp/flow-domain';
import type { IvrStep, IvrTurn, TimedPresenceIvr } from '@tp/timed-presence-domain';
import { FLOW_RUNTIME_CONFIG, type FlowRuntimeConfig } from '../../flow-runtime.config';
import { activityPromptIds, apologyTurn } from '../session-turns';
import { SessionInputCommand } from './session-input.command';

/**
 * Feeds a turn's keys to the session's IVR and carries out what it asks: check a PIN with identity,
 * put the agent online or offline, or on a timed break, with presence. The whole turn runs with the session locked, so
 * the same keys delivered twice (to any replica) are answered once and the second delivery gets the
 * stored reply. A service that does not answer in time: an apology and the end of the call, and the
 * session stays where it was (nothing is claimed that did not happen).
 */
@CommandHandler(SessionInputCommand)
export class SessionInputHandler implements ICommandHandler<SessionInputCommand, SessionTurn> {
  private readonly logger = new Logger(SessionInputHandler.name);

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

  execute({ tenantId, sessionId, turn, digits, callerWaitsMs }: SessionInputCommand): Promise<SessionTurn> {
    const deadline = Deadline.after(this.config.FLOW_RUNTIME_DEADLINE_MS).within(callerWaitsMs);
    return this.sessions.withSession(tenantId, sessionId, async (session) => {
      if (session === null) throw new FlowSessionNotFound(sessionId);
      const stored = session.answered(turn);
      if (stored !== null) return stored;

      const version = await this.flows.findVersion(tenantId, session.flowId, session.flowVersion);
      if (version === null) throw new FlowVersionNotFound(session.flowId, session.flowVersion);
      const { settings } = version.timedPresence();
      const prompts = this.prompts.contents(tenantId, activityPromptIds(settings), deadline);

      const ivr = session.ivr();
      let heard: IvrStep[];
      let login: { agentId: string } | undefined;
      try {
        ({ heard, login } = await this.carryOut(
          session,
          settings,
          ivr,
          ivr.input(digits, this.clock.now()),
          deadline,
        ));
      } catch (error) {
        await prompts.catch(() => undefined);
        if (!(error instanceof DependencyUnavailable)) throw error;
        this.logger.warn(
          `tenant ${tenantId} call ${session.callSid} session ${sessionId} turn ${turn}: ${error.message}; apologised`,
        );
        return apologyTurn(sessionId, turn + 1);
      }
      const steps = toChannelSteps(heard, settings, await prompts);
      return session.advance(ivr, steps, this.clock.now(), login);
    });
  }

  /** Runs the turn's effects until the IVR has steps to play; answers what the caller hears. */
  private async carryOut(
    session: FlowSession,
    settings: TimedPresenceSettings,
    ivr: TimedPresenceIvr,
    first: IvrTurn,
    deadline: Deadline,
  ): Promise<{ heard: IvrStep[]; login?: { agentId: string } }> {
    const { tenantId, callSid } = session;
    const agentId = session.callerUserId ?? '';
    const heard: IvrStep[] = [...first.steps];
    let login: { agentId: string } | undefined;
    for (let effect = first.effect; effect !== undefined;) {
      switch (effect.type) {
        case 'verify-pin': {
          const result = await this.agents.verifyPin(
            { tenantId, userId: agentId, pin: effect.pin, callSid },
            deadline,
          );
          const next = ivr.pinChecked(result);
          heard.push(...next.steps);
          effect = next.effect;
          break;
        }
        case 'go-online':
        case 'go-online-until':
          await this.presence.goOnline(
            {
              tenantId,
              agentId,
              ...(effect.type === 'go-online' ? { hours: effect.hours } : { until: effect.until }),
              maxHours: settings.maxHours,
              callSid,
              flowId: session.flowId,
              via: effect.via,
            },
            deadline,
          );
          login = { agentId };
          effect = undefined;
          break;
        case 'go-offline':
          await this.presence.goOffline(tenantId, agentId, deadline);
          effect = undefined;
          break;
        case 'start-break':
          await this.presence.startBreak(tenantId, agentId, effect.minutes, deadline);
          effect = undefined;
          break;
      }
    }
    return { heard, login };
  }
}
