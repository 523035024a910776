import { Command } from '@nestjs/cqrs';
import type { AgentSmsResult } from '../sms/agent-sms';

/** What came of a presence event for SMS: the window tracked (or the event was stale), and any notice sent. */
export type TrackWindowResult = 'stale' | 'tracked' | `unreachable-${AgentSmsResult}`;

/** A presence event, as SMS around the window needs it. */
export class TrackAgentWindowCommand extends Command<TrackWindowResult> {
  constructor(
    readonly eventId: string,
    readonly tenantId: string,
    readonly agentId: string,
    readonly sequence: number,
    readonly state: string,
    readonly reason: string,
    readonly expiresAt: Date | null,
  ) {
    super();
  }
}
