import { Command } from '@nestjs/cqrs';
import type { SessionTurn } from '@tp/contracts';

/** A call came in on a number mapped to the flow (what `flow-runtime.cmd.start-session` carries). */
export class StartSessionCommand extends Command<SessionTurn> {
  constructor(
    readonly tenantId: string,
    readonly flowId: string,
    readonly callSid: string,
    /** The caller ID as Twilio sent it. */
    readonly from: string,
    readonly stirVerstat?: string,
    /** How long the caller still waits for the answer (from the request's deadline). */
    readonly callerWaitsMs = Number.POSITIVE_INFINITY,
  ) {
    super();
  }
}
