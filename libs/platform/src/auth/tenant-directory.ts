import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { GetTenant } from '@tp/contracts';
import { callRpc } from '../rpc/rpc';

/** NATS_RPC_CLIENT of the platform module (a string token, kept here to avoid an import cycle). */
const NATS_RPC_CLIENT = 'NATS_RPC_CLIENT';

/** Is a tenant set up on the platform? (Identity owns tenants.) */
export abstract class TenantDirectory {
  abstract isKnown(tenantId: string): Promise<boolean>;
}

/** Asks identity over NATS (`identity.cmd.get-tenant`); identity itself binds a local directory. */
@Injectable()
export class NatsTenantDirectory extends TenantDirectory {
  constructor(@Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy) {
    super();
  }

  async isKnown(tenantId: string): Promise<boolean> {
    return (await callRpc(this.client, GetTenant, { tenantId }, 2000)).found;
  }
}

/**
 * Remembers answers per process: a known tenant for 5 minutes (tenants are not deleted), an unknown
 * one for 5 seconds (so a tenant set up a moment ago is let in soon, and a flood of tokens for an
 * unknown tenant costs one question per 5 s). Parallel questions about one tenant share one answer;
 * a failed question is not remembered.
 */
export class TenantCache {
  static readonly KNOWN_MS = 5 * 60_000;
  static readonly UNKNOWN_MS = 5_000;
  private readonly answers = new Map<string, { known: boolean; until: number }>();
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly directory: TenantDirectory,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  isKnown(tenantId: string): Promise<boolean> {
    const answer = this.answers.get(tenantId);
    if (answer && answer.until > this.now()) return Promise.resolve(answer.known);
    let pending = this.asking.get(tenantId);
    if (!pending) {
      pending = this.directory
        .isKnown(tenantId)
        .then((known) => {
          if (this.answers.size >= this.maxEntries) this.answers.clear();
          this.answers.set(tenantId, {
            known,
            until: this.now() + (known ? TenantCache.KNOWN_MS : TenantCache.UNKNOWN_MS),
          });
          return known;
        })
        .finally(() => this.asking.delete(tenantId));
      this.asking.set(tenantId, pending);
    }
    return pending;
  }
}
