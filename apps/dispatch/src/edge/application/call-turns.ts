import { Injectable } from '@nestjs/common';
import type { SessionTurn } from '@tp/contracts';
import type { TwilioAccountOwner } from '@tp/dispatch-domain';
import { CallRouting } from '../../routing';
import type { CallAnswer } from '../../common/call-answer';

/** The call a flow turn belongs to, as the edge knows it. */
export interface TurnContext {
  readonly tenantId: string;
  readonly callSid: string;
  readonly twilioAccount: TwilioAccountOwner;
  /** The number the caller dialled (agents are called from it). */
  readonly contactPoint: string;
}

/**
 * A flow turn as the caller's answer. Only a turn whose last step is `enqueue` goes to routing
 * (the caller is parked in their own Twilio queue after the turn's other steps); every other turn,
 * a login's menu for one, is answered as it is and never reaches routing.
 */
@Injectable()
export class CallTurns {
  constructor(private readonly routing: CallRouting) {}

  async answer(turn: SessionTurn, context: TurnContext): Promise<CallAnswer> {
    const at = { sessionId: turn.sessionId, turn: turn.turn };
    const last = turn.steps[turn.steps.length - 1];
    if (last?.type !== 'enqueue') return { outcome: 'ok', steps: turn.steps, turn: at };
    const parked = await this.routing.park({
      tenantId: context.tenantId,
      callSid: context.callSid,
      sessionId: turn.sessionId,
      turn: turn.turn,
      twilioAccount: context.twilioAccount,
      contactPoint: context.contactPoint,
      step: last,
    });
    return {
      outcome: 'ok',
      steps: [...turn.steps.slice(0, -1), { type: 'wait-in-queue', ...parked }],
      turn: at,
    };
  }
}
