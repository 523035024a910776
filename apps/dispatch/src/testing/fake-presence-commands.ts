import { PresenceCommands } from '../routing/application/ports/presence-commands.port';

export type PresenceVerb =
  'mark-busy' | 'mark-available' | 'go-offline-unreachable' | 'expires-when-call-ends';

export interface PresenceCommand {
  readonly verb: PresenceVerb;
  readonly tenantId: string;
  readonly agentId: string;
  readonly callSid?: string;
}

/**
 * presence's commands as dispatch sends them: every command that succeeded is recorded in order;
 * a verb in `failures` fails with that error (nothing recorded) until removed. `expiring` lists the
 * agents whose hours ran out during their call.
 */
export class FakePresenceCommands extends PresenceCommands {
  readonly commands: PresenceCommand[] = [];
  readonly failures = new Map<PresenceVerb, Error>();
  readonly expiring = new Set<string>();

  /** The agents this verb succeeded for, in order. */
  agentsTold(verb: PresenceVerb): string[] {
    return this.commands.filter((c) => c.verb === verb).map((c) => c.agentId);
  }

  markBusy(tenantId: string, agentId: string, callSid: string): Promise<void> {
    return this.run({ verb: 'mark-busy', tenantId, agentId, callSid });
  }

  markAvailable(tenantId: string, agentId: string, callSid?: string): Promise<void> {
    return this.run({ verb: 'mark-available', tenantId, agentId, ...(callSid ? { callSid } : {}) });
  }

  goOfflineUnreachable(tenantId: string, agentId: string): Promise<void> {
    return this.run({ verb: 'go-offline-unreachable', tenantId, agentId });
  }

  async expiresWhenCallEnds(tenantId: string, agentId: string): Promise<boolean> {
    await this.run({ verb: 'expires-when-call-ends', tenantId, agentId });
    return this.expiring.has(agentId);
  }

  private run(command: PresenceCommand): Promise<void> {
    const failure = this.failures.get(command.verb);
    if (failure) return Promise.reject(failure);
    this.commands.push(command);
    return Promise.resolve();
  }
}
