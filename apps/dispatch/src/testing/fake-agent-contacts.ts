import { AgentContacts } from '../common/ports/agent-contacts.port';

/** identity's answer to "how do I reach this user by phone": numbers set per agent; `failure` fails every lookup. */
export class FakeAgentContacts extends AgentContacts {
  private readonly numbers = new Map<string, string[] | null>();
  failure: Error | null = null;

  /** The agent's PSTN numbers in the admin's order; null for a user identity does not know (or disabled). */
  set(tenantId: string, agentId: string, numbers: string[] | null): this {
    this.numbers.set(`${tenantId}/${agentId}`, numbers);
    return this;
  }

  pstnNumbersOf(tenantId: string, userId: string): Promise<string[] | null> {
    if (this.failure) return Promise.reject(this.failure);
    return Promise.resolve(this.numbers.get(`${tenantId}/${userId}`) ?? null);
  }
}
