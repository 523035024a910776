import {
  AgentDirectory,
  AgentPresenceCommands,
  AgentWindows,
  ReceivedSmsLog,
  SentSmsLog,
  SmsOptOuts,
  SmsSender,
  SmsSettingsRepository,
  type AgentSmsContact,
  type AgentWindow,
  type PresenceWindow,
  type SentSms,
  type SmsRequest,
  type SmsSettings,
  type WindowChange,
} from '../edge/application/ports/sms.ports';

const key = (tenantId: string, id: string) => `${tenantId}/${id}`;

export class InMemorySmsSettings extends SmsSettingsRepository {
  readonly rows = new Map<string, SmsSettings>();
  find(tenantId: string): Promise<SmsSettings | null> {
    return Promise.resolve(this.rows.get(tenantId) ?? null);
  }
  save(settings: SmsSettings): Promise<void> {
    this.rows.set(settings.tenantId, settings);
    return Promise.resolve();
  }
}

/** The same rules as `PostgresAgentWindows`: newer sequence only, a sent reminder stays sent for the same end. */
export class InMemoryAgentWindows extends AgentWindows {
  readonly rows = new Map<string, AgentWindow>();
  apply(change: WindowChange): Promise<AgentWindow | null> {
    const stored = this.rows.get(key(change.tenantId, change.agentId));
    if (stored && stored.sequence >= change.sequence) return Promise.resolve(null);
    const sameEnd = (stored?.expiresAt?.getTime() ?? null) === (change.expiresAt?.getTime() ?? null);
    const next: AgentWindow = {
      tenantId: change.tenantId,
      agentId: change.agentId,
      sequence: change.sequence,
      expiresAt: change.expiresAt,
      lastExpiresAt: change.expiresAt ?? stored?.lastExpiresAt ?? null,
      reminderDueAt:
        change.expiresAt === null ? null : stored && sameEnd ? stored.reminderDueAt : change.reminderDueAt,
    };
    this.rows.set(key(change.tenantId, change.agentId), next);
    return Promise.resolve(next);
  }
  find(tenantId: string, agentId: string): Promise<AgentWindow | null> {
    return Promise.resolve(this.rows.get(key(tenantId, agentId)) ?? null);
  }
  nextDue(): Promise<Date | null> {
    const due = [...this.rows.values()].flatMap((w) => (w.reminderDueAt ? [w.reminderDueAt.getTime()] : []));
    return Promise.resolve(due.length ? new Date(Math.min(...due)) : null);
  }
  claimDue(now: Date, limit: number): Promise<AgentWindow[]> {
    const due = [...this.rows.values()]
      .filter((w) => w.reminderDueAt !== null && w.reminderDueAt.getTime() <= now.getTime())
      .sort((a, b) => a.reminderDueAt!.getTime() - b.reminderDueAt!.getTime())
      .slice(0, limit);
    for (const w of due) this.rows.set(key(w.tenantId, w.agentId), { ...w, reminderDueAt: null });
    return Promise.resolve(due.map((w) => ({ ...w, reminderDueAt: null })));
  }
}

export class InMemorySentSmsLog extends SentSmsLog {
  readonly messages: SentSms[] = [];
  record(message: SentSms): Promise<void> {
    if (message.eventId === null || !this.messages.some((m) => m.eventId === message.eventId))
      this.messages.push(message);
    return Promise.resolve();
  }
  findByEvent(eventId: string): Promise<SentSms | null> {
    return Promise.resolve(this.messages.find((m) => m.eventId === eventId) ?? null);
  }
  lastSent(tenantId: string, agentId: string, since: Date): Promise<SentSms | null> {
    const sent = this.messages.filter(
      (m) => m.tenantId === tenantId && m.agentId === agentId && m.outcome === 'sent' && m.createdAt >= since,
    );
    return Promise.resolve(sent.at(-1) ?? null);
  }
}

export class InMemoryReceivedSmsLog extends ReceivedSmsLog {
  readonly rows = new Map<string, { answer: string | null; settled: boolean }>();
  claim(messageSid: string) {
    const row = this.rows.get(messageSid);
    if (row) return Promise.resolve({ first: false as const, answer: row.answer });
    this.rows.set(messageSid, { answer: null, settled: false });
    return Promise.resolve({ first: true as const });
  }
  settle(messageSid: string, answer: string | null): Promise<void> {
    this.rows.set(messageSid, { answer, settled: true });
    return Promise.resolve();
  }
  release(messageSid: string): Promise<void> {
    if (!this.rows.get(messageSid)?.settled) this.rows.delete(messageSid);
    return Promise.resolve();
  }
}

export class InMemorySmsOptOuts extends SmsOptOuts {
  readonly numbers = new Set<string>();
  isOptedOut(tenantId: string, phoneNumber: string): Promise<boolean> {
    return Promise.resolve(this.numbers.has(key(tenantId, phoneNumber)));
  }
  optOut(tenantId: string, phoneNumber: string): Promise<void> {
    this.numbers.add(key(tenantId, phoneNumber));
    return Promise.resolve();
  }
  optIn(tenantId: string, phoneNumber: string): Promise<void> {
    this.numbers.delete(key(tenantId, phoneNumber));
    return Promise.resolve();
  }
}

/** Agents by id, each with one phone number and a zone. */
export class FakeAgentDirectory extends AgentDirectory {
  readonly agents = new Map<string, { agentId: string; phoneNumber: string; timeZone: string }>();
  add(tenantId: string, agentId: string, phoneNumber: string, timeZone = 'Europe/Berlin'): this {
    this.agents.set(key(tenantId, agentId), { agentId, phoneNumber, timeZone });
    return this;
  }
  smsContactOf(tenantId: string, agentId: string): Promise<AgentSmsContact | null> {
    const agent = this.agents.get(key(tenantId, agentId));
    return Promise.resolve(agent ? { phoneNumber: agent.phoneNumber, timeZone: agent.timeZone } : null);
  }
  findByPhone(tenantId: string, phone: string) {
    const agent = [...this.agents.entries()].find(
      ([k, a]) => k.startsWith(`${tenantId}/`) && a.phoneNumber === phone,
    );
    return Promise.resolve(agent ? agent[1] : null);
  }
}

/** presence's window rules in memory (compare and set), recording each command. */
export class FakeAgentPresence extends AgentPresenceCommands {
  readonly windows = new Map<string, PresenceWindow>();
  readonly commands: string[] = [];
  get(tenantId: string, agentId: string): Promise<PresenceWindow> {
    return Promise.resolve(this.windows.get(key(tenantId, agentId)) ?? { state: 'offline', expiresAt: null });
  }
  async extendWindow(tenantId: string, agentId: string, until: Date, ifExpiresAt: Date | null) {
    this.commands.push(`extend ${agentId} ${until.toISOString()}`);
    const current = await this.get(tenantId, agentId);
    const applies =
      ifExpiresAt === null
        ? current.state === 'offline'
        : current.state !== 'offline' && current.expiresAt?.getTime() === ifExpiresAt.getTime();
    if (applies)
      this.windows.set(key(tenantId, agentId), {
        state: current.state === 'offline' ? 'online' : current.state,
        expiresAt: until,
      });
    return this.get(tenantId, agentId);
  }
  goOffline(tenantId: string, agentId: string): Promise<PresenceWindow> {
    this.commands.push(`offline ${agentId}`);
    this.windows.set(key(tenantId, agentId), { state: 'offline', expiresAt: null });
    return this.get(tenantId, agentId);
  }
}

export class FakeSmsSender extends SmsSender {
  readonly sent: SmsRequest[] = [];
  failure: Error | null = null;
  send(request: SmsRequest): Promise<{ messageSid: string }> {
    if (this.failure) return Promise.reject(this.failure);
    this.sent.push(request);
    return Promise.resolve({ messageSid: `SM${String(this.sent.length).padStart(32, '0')}` });
  }
}
