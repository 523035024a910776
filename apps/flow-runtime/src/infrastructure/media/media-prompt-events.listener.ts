import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import {
  AnyCloudEventSchema,
  eventWildcard,
  PromptChangedV1,
  PromptCreatedV1,
  PromptDeletedV1,
} from '@tp/contracts';
import { NATS_CONNECTION } from '@tp/platform';
import { NatsPromptCatalog } from './nats-prompt-catalog';

const CONTRACTS = [PromptCreatedV1, PromptChangedV1, PromptDeletedV1];

/**
 * Drops cached prompts when media says they were created, changed or deleted. Every replica must
 * hear every event (each has its own cache), so this is a plain subscription to the subjects of
 * media's stream rather than a shared durable consumer; an event missed while disconnected costs at
 * most the cache's time to live.
 */
@Injectable()
export class MediaPromptEventsListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MediaPromptEventsListener.name);
  private subscription: Subscription | null = null;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly catalog: NatsPromptCatalog,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.nc.subscribe(eventWildcard('media'), {
      callback: (error, msg) => {
        if (error) return;
        this.handle(msg.data);
      },
    });
  }

  beforeApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }

  /** Applies one event as it came off the wire; anything else on the subject is ignored. */
  handle(data: Uint8Array): void {
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(data));
    } catch {
      return;
    }
    const envelope = AnyCloudEventSchema.safeParse(raw);
    if (!envelope.success) return;
    const contract = CONTRACTS.find((c) => c.type === envelope.data.type);
    const event = contract?.dataSchema.safeParse(envelope.data.data);
    if (!event?.success) {
      if (contract) this.logger.warn(`ignored a ${contract.type} event that is out of contract`);
      return;
    }
    this.catalog.forget(event.data.tenantId, event.data.promptId, event.data.version);
  }
}
