/**
 * The Fluentd forward listener (`logcas serve --forward 24224`): a TCP or TLS server whose connections are
 * served by connection.ts, under the limits of limits.ts and the optional handshake of handshake.ts.
 * docs/forward.md describes what an operator configures.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import type { Store } from '../../store/connection';
import { ForwardConnection } from './connection';
import { emptyStats, type ForwardEvent, type ForwardStats } from './events';
import type { ForwardSecurity } from './handshake';
import { ByteBudget, DEFAULT_FORWARD_LIMITS, type ForwardLimits } from './limits';
import { serviceFromTag } from './records';

export type { ForwardEvent, ForwardStats } from './events';

export interface ForwardListenerOptions {
  store: Store;
  /** TCP port; 0 picks a free one (the returned `port` says which). Fluentd's default is 24224. */
  port: number;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Default service for records that do not name one (default: the tag's last part). */
  serviceFromTag?: (tag: string) => string | undefined;
  /** IANA zone of naive record times, for entries that carry no time of their own (default UTC). */
  timezone?: string;
  /** Records at which a connection stores its batch before reading on (default 5000). */
  maxPendingEntries?: number;
  /** Limits on what one client may cost; unset fields take DEFAULT_FORWARD_LIMITS. */
  limits?: Partial<ForwardLimits>;
  /** When set, every connection must pass the shared_key handshake before it may send records. */
  security?: ForwardSecurity;
  /** When set, the listener speaks TLS (certificate and key; a `ca` with `requestCert` checks clients). */
  tls?: TlsOptions;
  /** Told about stored batches, rejected records and closed connections; the listener itself never prints. */
  onEvent?: (event: ForwardEvent) => void;
}

export interface ForwardListener {
  port: number;
  host: string;
  tls: boolean;
  stats(): ForwardStats;
  /** Stops accepting, lets each connection store what it has received, then closes them. */
  close(): Promise<void>;
}

export async function startForwardListener(options: ForwardListenerOptions): Promise<ForwardListener> {
  const host = options.host ?? '127.0.0.1';
  const limits: ForwardLimits = { ...DEFAULT_FORWARD_LIMITS, ...options.limits };
  const stats = emptyStats();
  const emit = options.onEvent ?? (() => undefined);
  const context = {
    store: options.store,
    limits,
    security: options.security ?? null,
    budget: new ByteBudget(limits.maxBufferedBytes),
    stats,
    tagService: options.serviceFromTag ?? serviceFromTag,
    timezone: options.timezone,
    maxPendingEntries: options.maxPendingEntries ?? 5000,
    emit,
  };
  const open = new Map<ForwardConnection, Promise<void>>();
  const serve = (socket: Socket): void => {
    stats.connections += 1;
    stats.openConnections += 1;
    const connection = new ForwardConnection(socket, context);
    const done = connection.run().finally(() => {
      open.delete(connection);
      stats.openConnections -= 1;
    });
    open.set(connection, done);
  };
  const server: Server = options.tls
    ? createTlsServer({ ...options.tls, handshakeTimeout: limits.handshakeTimeoutMs }, serve)
    : createServer(serve);
  server.maxConnections = limits.maxConnections;
  server.on('drop', (data?: { remoteAddress?: string; remotePort?: number }) => {
    stats.refused += 1;
    const remote = `${data?.remoteAddress ?? '?'}:${data?.remotePort ?? '?'}`;
    emit({ type: 'refused', remote, reason: `${limits.maxConnections} connections already open` });
  });
  server.on('tlsClientError', (error: Error, socket: Socket) => {
    stats.authFailures += 1;
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    emit({ type: 'closed', remote, kind: 'auth', reason: `TLS handshake failed: ${error.message}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    host: address.address,
    tls: Boolean(options.tls),
    stats: () => ({ ...stats }),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of open.keys()) connection.shutdown();
      // A connection still storing after this is cut; its client resends what was not acknowledged.
      await Promise.race([Promise.all(open.values()), delay(2000)]);
      for (const connection of open.keys()) connection.destroy();
      await Promise.all(open.values());
      await closed;
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
