/** What dispatch tells presence about an agent around routed calls (presence's NATS commands). */
export abstract class PresenceCommands {
  abstract markBusy(tenantId: string, agentId: string, callSid: string): Promise<void>;
  abstract markAvailable(tenantId: string, agentId: string, callSid?: string): Promise<void>;
  abstract goOfflineUnreachable(tenantId: string, agentId: string): Promise<void>;
  /** Whether the agent's hours ran out during their call (offline as soon as it ends). */
  abstract expiresWhenCallEnds(tenantId: string, agentId: string): Promise<boolean>;
}
