import { Command } from '@nestjs/cqrs';
import type { SessionTurn } from '@tp/contracts';

/** The keys a caller pressed at a turn's collect (null: silence), as `flow-runtime.cmd.session-input` carries them. */
export class SessionInputCommand extends Command<SessionTurn> {
  constructor(
    readonly tenantId: string,
    readonly sessionId: string,
    readonly turn: number,
    readonly digits: string | null,
    /** How long the caller still waits for the answer (from the request's deadline). */
    readonly callerWaitsMs = Number.POSITIVE_INFINITY,
  ) {
    super();
  }
}
