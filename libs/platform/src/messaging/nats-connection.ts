import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';

/**
 * The reconnect policy of every NATS connection of an app: the v3 client's (JetStream, KV) and the
 * two the Nest transport opens with the v2 `nats` client (serving and calling request/reply).
 *
 * - `maxReconnectAttempts: -1`: retry forever. The v2 client's default (10 attempts, 2 s apart)
 *   closes the connection for good after about 20 s without a server, and Nest never opens a new
 *   one: every request/reply would stay dead until a restart.
 * - `reconnectTimeWait` 500 ms (+ up to 100 ms jitter): back within about 0.6 s of NATS returning.
 * - `pingInterval` 5 s, `maxPingOut` 3: a server that stops answering without closing the socket
 *   (a stalled host, a lost network path) is noticed within about 20 s, not the default 4 minutes.
 */
export function natsConnectionOptions(url: string, name: string) {
  return {
    servers: url.split(',').map((s) => s.trim()),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    reconnectJitter: 100,
    pingInterval: 5000,
    maxPingOut: 3,
    timeout: 3000,
  };
}

/** Opens the v3 client connection that JetStream and KV code use (the Nest transport has its own). */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect(natsConnectionOptions(url, name));
}

/** What readiness needs of a NATS connection; the v2 and the v3 client both have it. */
export interface CheckableNatsConnection {
  isClosed(): boolean;
  flush(): Promise<void>;
  getServer(): string;
}

/**
 * The NATS connections of an app by role (`jetstream`, `rpc-server`, `rpc-client`), so that
 * readiness checks each of them: one that cannot reach NATS makes the app not ready.
 */
export class NatsConnections {
  private readonly connections = new Map<string, CheckableNatsConnection>();

  add(role: string, connection: CheckableNatsConnection): void {
    this.connections.set(role, connection);
  }

  entries(): [string, CheckableNatsConnection][] {
    return [...this.connections.entries()];
  }
}
