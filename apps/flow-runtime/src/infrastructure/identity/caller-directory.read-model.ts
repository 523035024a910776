import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import {
  AnyCloudEventSchema,
  eventWildcard,
  LIST_CALLERS_MAX_V1,
  ListCallers,
  UserCreatedV1,
  UserExtensionsChangedV1,
  UserSkillsChangedV1,
  UserStatusChangedV1,
  UserUpdatedV1,
  type CallerEntryV1,
} from '@tp/contracts';
import { Deadline } from '@tp/ddd';
import { AgentDirectory, type Agent, type PinCheck } from '@tp/flow-domain';
import { Metrics, NATS_CONNECTION, NATS_RPC_CLIENT } from '@tp/platform';
import { PhoneNumber } from '@tp/telephony-domain';
import { Counter, Gauge } from 'prom-client';
import { ask } from '../nats-ask';
import { NatsAgentDirectory } from './nats-agent-directory';
import { TenantCallers, type CallerChange } from './tenant-callers';

/** How long loading one page of a tenant's callers may take. */
const PAGE_TIMEOUT_MS = 10_000;
/** After a failed load, the tenant's calls keep asking identity this long before another try. */
const RETRY_AFTER_MS = 5_000;

type TenantState =
  | { readonly kind: 'loading'; readonly pending: CallerChange[] }
  | { readonly kind: 'ready'; readonly callers: TenantCallers }
  | { readonly kind: 'failed'; readonly until: number };

/**
 * Who calls, answered from memory: each replica keeps the callers of the tenants it has answered
 * calls for (phone number to user, time zone, PIN or not, status), loaded once from identity
 * (`identity.cmd.list-callers`, a page at a time) and then kept by identity's events, which every
 * replica hears (a plain subscription, not a shared consumer). Events that arrive while a tenant
 * loads are applied after its snapshot. Until a tenant is loaded, and whenever its copy cannot be
 * trusted (an event missed: a user's version skipped one; the NATS connection lost or too slow),
 * its calls ask identity as before while the copy is loaded again. PIN checks always go to identity
 * (a command, ADR 30).
 */
@Injectable()
export class CallerDirectoryReadModel
  extends AgentDirectory
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(CallerDirectoryReadModel.name);
  private readonly tenants = new Map<string, TenantState>();
  private subscription: Subscription | null = null;
  private stopped = false;
  private readonly lookups: Counter<'answered_by'>;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy,
    private readonly identity: NatsAgentDirectory,
    metrics: Metrics,
  ) {
    super();
    this.lookups = new Counter({
      name: 'tp_flow_runtime_caller_lookups_total',
      help: "Callers looked up by number, by who answered: this replica's copy (memory) or identity.",
      labelNames: ['answered_by'],
      registers: [metrics.registry],
    });
    const tenants = this.tenants;
    new Gauge({
      name: 'tp_flow_runtime_caller_directory_tenants',
      help: 'Tenants whose callers this replica answers from memory (ready) or is loading or waits to load again.',
      labelNames: ['state'],
      registers: [metrics.registry],
      collect() {
        this.reset();
        for (const kind of ['ready', 'loading', 'failed'] as const)
          this.set({ state: kind }, [...tenants.values()].filter((t) => t.kind === kind).length);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.subscription = this.nc.subscribe(eventWildcard('identity'), {
      callback: (error, msg) => {
        if (error) return;
        this.receive(msg.data);
      },
    });
    void this.watchConnection();
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
  }

  async findByPhone(tenantId: string, phone: string, deadline: Deadline): Promise<Agent | null> {
    const state = this.tenants.get(tenantId);
    if (state?.kind === 'ready') {
      this.lookups.inc({ answered_by: 'memory' });
      const number = PhoneNumber.tryParse(phone);
      const caller = number === null ? null : state.callers.byPhone(number.value);
      if (caller === null || caller.status === 'disabled') return null;
      return { userId: caller.userId, name: caller.name, timeZone: caller.timeZone, hasPin: caller.hasPin };
    }
    if (state === undefined || (state.kind === 'failed' && Date.now() >= state.until))
      void this.load(tenantId);
    this.lookups.inc({ answered_by: 'identity' });
    return this.identity.findByPhone(tenantId, phone, deadline);
  }

  verifyPin(
    check: { tenantId: string; userId: string; pin: string; callSid: string },
    deadline: Deadline,
  ): Promise<PinCheck> {
    return this.identity.verifyPin(check, deadline);
  }

  /** Whether the tenant's callers are answered from memory now (for tests and metrics). */
  isReady(tenantId: string): boolean {
    return this.tenants.get(tenantId)?.kind === 'ready';
  }

  /** Loads a tenant's snapshot, then applies what its events said meanwhile. */
  async load(tenantId: string): Promise<void> {
    const pending: CallerChange[] = [];
    const loading: TenantState = { kind: 'loading', pending };
    this.tenants.set(tenantId, loading);
    try {
      const snapshot: CallerEntryV1[] = [];
      let after: string | undefined;
      do {
        const page = await ask(
          this.client,
          ListCallers,
          { tenantId, limit: LIST_CALLERS_MAX_V1, ...(after === undefined ? {} : { after }) },
          'identity',
          Deadline.after(PAGE_TIMEOUT_MS),
        );
        snapshot.push(...page.callers);
        after = page.next ?? undefined;
      } while (after !== undefined);
      if (this.tenants.get(tenantId) !== loading) return; // dropped meanwhile (connection lost)
      const callers = new TenantCallers(snapshot);
      if (pending.some((change) => callers.apply(change) === 'gap')) throw new Error('an event was missed');
      this.tenants.set(tenantId, { kind: 'ready', callers });
    } catch (error) {
      if (this.tenants.get(tenantId) !== loading) return;
      this.tenants.set(tenantId, { kind: 'failed', until: Date.now() + RETRY_AFTER_MS });
      this.logger.warn(
        `tenant ${tenantId}: callers not loaded (${error instanceof Error ? error.message : String(error)}); asking identity meanwhile`,
      );
    }
  }

  /** Applies one event as it came off the wire; anything else on the subject is ignored. */
  receive(data: Uint8Array): void {
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(data));
    } catch {
      return;
    }
    const envelope = AnyCloudEventSchema.safeParse(raw);
    if (!envelope.success) return;
    const change = changeOf(envelope.data.type, envelope.data.data);
    if (change === null) return;
    const { tenantId } = change;
    const state = this.tenants.get(tenantId);
    if (state?.kind === 'loading') state.pending.push(change.change);
    else if (state?.kind === 'ready' && state.callers.apply(change.change) === 'gap') {
      this.logger.warn(`tenant ${tenantId}: an identity event was missed; loading its callers again`);
      this.tenants.delete(tenantId);
    }
  }

  /** A lost or slow connection may have lost events: every copy is loaded again when next needed. */
  private async watchConnection(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (this.stopped) return;
      if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'slowConsumer')
        this.tenants.clear();
    }
  }
}

function changeOf(type: string, data: unknown): { tenantId: string; change: CallerChange } | null {
  switch (type) {
    case UserCreatedV1.type: {
      const d = UserCreatedV1.dataSchema.safeParse(data);
      if (!d.success) return null;
      const { tenantId, userId, version, name, timeZone, hasPin, status, extensions } = d.data;
      const numbers = extensions.filter((e) => e.type === 'pstn').map((e) => e.number);
      return {
        tenantId,
        change: { kind: 'created', caller: { userId, version, name, timeZone, hasPin, status, numbers } },
      };
    }
    case UserUpdatedV1.type: {
      const d = UserUpdatedV1.dataSchema.safeParse(data);
      if (!d.success) return null;
      const { tenantId, userId, version, name, timeZone, hasPin } = d.data;
      return { tenantId, change: { kind: 'updated', userId, version, name, timeZone, hasPin } };
    }
    case UserExtensionsChangedV1.type: {
      const d = UserExtensionsChangedV1.dataSchema.safeParse(data);
      if (!d.success) return null;
      const { tenantId, userId, version, extensions } = d.data;
      const numbers = extensions.filter((e) => e.type === 'pstn').map((e) => e.number);
      return { tenantId, change: { kind: 'numbers', userId, version, numbers } };
    }
    case UserStatusChangedV1.type: {
      const d = UserStatusChangedV1.dataSchema.safeParse(data);
      if (!d.success) return null;
      const { tenantId, userId, version, status } = d.data;
      return { tenantId, change: { kind: 'status', userId, version, status } };
    }
    case UserSkillsChangedV1.type: {
      const d = UserSkillsChangedV1.dataSchema.safeParse(data);
      if (!d.success) return null;
      const { tenantId, userId, version } = d.data;
      return { tenantId, change: { kind: 'other', userId, version } };
    }
    default:
      return null;
  }
}
