import type { PromptContentV1 } from '@tp/contracts';
import type { Clock, Deadline } from '@tp/ddd';
import {
  AgentDirectory,
  DependencyUnavailable,
  PresenceGateway,
  PromptCatalog,
  type Agent,
  type AgentPresenceState,
  type Login,
  type PinCheck,
  type PromptContents,
} from '@tp/flow-domain';

const digits = (phone: string) => phone.replace(/[^\d+]/g, '');

/**
 * Identity as the flow runtime sees it: agents by phone number, their PINs, a lockout after
 * `lockAfter` wrong PINs in a row; or, after {@link goDown}, no answer.
 */
export class FakeAgentDirectory extends AgentDirectory {
  private readonly agents: (Agent & { tenantId: string; phone: string; pin: string | null })[] = [];
  private readonly wrongPins = new Map<string, number>();
  private down = false;
  /** Every number asked about, oldest first. */
  readonly lookups: string[] = [];
  /** Every PIN check asked for (the PIN itself left out), oldest first. */
  readonly pinChecks: { userId: string; callSid: string; result: PinCheck }[] = [];

  constructor(private readonly lockAfter = 5) {
    super();
  }

  add(agent: {
    tenantId?: string;
    phone: string;
    userId: string;
    name?: string;
    timeZone?: string;
    pin?: string;
  }): this {
    this.agents.push({
      tenantId: agent.tenantId ?? 'acme',
      phone: digits(agent.phone),
      userId: agent.userId,
      name: agent.name ?? agent.userId,
      timeZone: agent.timeZone ?? 'UTC',
      hasPin: agent.pin !== undefined,
      pin: agent.pin ?? null,
    });
    return this;
  }

  goDown(): this {
    this.down = true;
    return this;
  }

  comeBack(): this {
    this.down = false;
    return this;
  }

  findByPhone(tenantId: string, phone: string, _deadline: Deadline): Promise<Agent | null> {
    this.lookups.push(phone);
    if (this.down) return Promise.reject(new DependencyUnavailable('identity', 'no answer'));
    const found = this.agents.find((a) => a.tenantId === tenantId && a.phone === digits(phone));
    return Promise.resolve(
      found
        ? { userId: found.userId, name: found.name, timeZone: found.timeZone, hasPin: found.hasPin }
        : null,
    );
  }

  verifyPin(
    check: { tenantId: string; userId: string; pin: string; callSid: string },
    _deadline: Deadline,
  ): Promise<PinCheck> {
    if (this.down) return Promise.reject(new DependencyUnavailable('identity', 'no answer'));
    const agent = this.agents.find((a) => a.tenantId === check.tenantId && a.userId === check.userId);
    const wrong = this.wrongPins.get(check.userId) ?? 0;
    let result: PinCheck;
    if (wrong >= this.lockAfter) result = 'locked';
    else if (agent?.pin === check.pin) result = 'ok';
    else {
      this.wrongPins.set(check.userId, wrong + 1);
      result = wrong + 1 >= this.lockAfter ? 'locked' : 'wrong';
    }
    if (result === 'ok') this.wrongPins.delete(check.userId);
    this.pinChecks.push({ userId: check.userId, callSid: check.callSid, result });
    return Promise.resolve(result);
  }
}

/**
 * Presence as the flow runtime sees it: online for N hours from the clock's now, offline; or down.
 * Like the NATS adapter, it refuses a request with no time left in the turn's deadline.
 */
export class FakePresenceGateway extends PresenceGateway {
  private readonly states = new Map<string, AgentPresenceState>();
  private down = false;
  /** Every login presence accepted, oldest first. */
  readonly logins: Login[] = [];
  /** Every agent who went offline on request, oldest first. */
  readonly logoffs: { tenantId: string; agentId: string }[] = [];
  /** Every break presence accepted, oldest first. */
  readonly breaks: { tenantId: string; agentId: string; minutes: number }[] = [];
  /** The deadline left (ms) when each request came, oldest first. */
  readonly budgetsMs: number[] = [];

  constructor(private readonly clock: Clock) {
    super();
  }

  /** Sets an agent's presence as if they had signed in before. */
  set(tenantId: string, agentId: string, state: AgentPresenceState): this {
    this.states.set(`${tenantId}/${agentId}`, state);
    return this;
  }

  goDown(): this {
    this.down = true;
    return this;
  }

  comeBack(): this {
    this.down = false;
    return this;
  }

  private unavailable(deadline: Deadline): DependencyUnavailable | null {
    const left = deadline.remainingMs();
    this.budgetsMs.push(left);
    if (left <= 0) return new DependencyUnavailable('presence', 'no time left in this turn');
    return this.down ? new DependencyUnavailable('presence', 'no answer') : null;
  }

  presenceOf(tenantId: string, agentId: string, deadline: Deadline): Promise<AgentPresenceState> {
    const unavailable = this.unavailable(deadline);
    if (unavailable) return Promise.reject(unavailable);
    return Promise.resolve(
      this.states.get(`${tenantId}/${agentId}`) ?? { state: 'offline', expiresAt: null },
    );
  }

  goOnline(login: Login, deadline: Deadline): Promise<AgentPresenceState> {
    const unavailable = this.unavailable(deadline);
    if (unavailable) return Promise.reject(unavailable);
    const state: AgentPresenceState = {
      state: 'online',
      expiresAt:
        login.until === undefined
          ? new Date(this.clock.now().getTime() + login.hours * 3_600_000)
          : new Date(login.until),
    };
    this.states.set(`${login.tenantId}/${login.agentId}`, state);
    this.logins.push(login);
    return Promise.resolve(state);
  }

  goOffline(tenantId: string, agentId: string, deadline: Deadline): Promise<AgentPresenceState> {
    const unavailable = this.unavailable(deadline);
    if (unavailable) return Promise.reject(unavailable);
    const state: AgentPresenceState = { state: 'offline', expiresAt: null };
    this.states.set(`${tenantId}/${agentId}`, state);
    this.logoffs.push({ tenantId, agentId });
    return Promise.resolve(state);
  }

  /** A break of an online agent (the expiry kept); anyone else is refused, as presence does. */
  startBreak(
    tenantId: string,
    agentId: string,
    minutes: number,
    deadline: Deadline,
  ): Promise<AgentPresenceState> {
    const unavailable = this.unavailable(deadline);
    if (unavailable) return Promise.reject(unavailable);
    const current = this.states.get(`${tenantId}/${agentId}`);
    if (current?.state !== 'online')
      return Promise.reject(new DependencyUnavailable('presence', 'refused: BREAK_NOT_ALLOWED'));
    const state: AgentPresenceState = { state: 'on-break', expiresAt: current.expiresAt };
    this.states.set(`${tenantId}/${agentId}`, state);
    this.breaks.push({ tenantId, agentId, minutes });
    return Promise.resolve(state);
  }
}

/** Media's prompts as the flow runtime sees them; after {@link goDown}, media does not answer. */
export class FakePromptCatalog extends PromptCatalog {
  private readonly prompts = new Map<string, PromptContentV1>();
  private down = false;

  add(tenantId: string, promptId: string, content: PromptContentV1): this {
    this.prompts.set(`${tenantId}/${promptId}`, content);
    return this;
  }

  /** Adds a text-to-speech prompt per id, saying `text(id)` in Polly.Joanna, en-US. */
  addSpoken(tenantId: string, promptIds: readonly string[], text = (id: string) => `<${id}>`): this {
    for (const id of promptIds)
      this.add(tenantId, id, { kind: 'tts', text: text(id), voice: 'Polly.Joanna', language: 'en-US' });
    return this;
  }

  goDown(): this {
    this.down = true;
    return this;
  }

  contents(tenantId: string, promptIds: readonly string[], _deadline: Deadline): Promise<PromptContents> {
    if (this.down) return Promise.resolve(new Map());
    const found = new Map<string, PromptContentV1>();
    for (const id of promptIds) {
      const content = this.prompts.get(`${tenantId}/${id}`);
      if (content) found.set(id, content);
    }
    return Promise.resolve(found);
  }

  missing(tenantId: string, promptIds: readonly string[]): Promise<string[]> {
    if (this.down) return Promise.reject(new DependencyUnavailable('media', 'no answer'));
    return Promise.resolve([...new Set(promptIds)].filter((id) => !this.prompts.has(`${tenantId}/${id}`)));
  }
}
