/**
 * The Fluentd forward listener (`logcas serve --forward 24224`). Per connection:
 *   socket ─decodeMultiStream→ messages ─queue→ one batch of everything queued ─parse→ ingest() ─→ acks
 * While a batch is being stored the next messages queue up, so a busy client is stored in large batches and
 * a quiet one without delay. `{ ack: chunk }` is written only after the batch holding that chunk is stored
 * (at-least-once; stable ids make a redelivered chunk harmless). A bad record is counted and reported and
 * the rest of its message is stored; a stream that is not msgpack or not the forward protocol closes that
 * connection; a storage failure closes it unacknowledged so the client resends.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { decodeMultiStream, encode } from '@msgpack/msgpack';
import type { Store } from '../../store/connection';
import { ingest } from '../ingest';
import { forwardExtensionCodec, readForwardMessage, type ForwardMessage } from './protocol';
import { ForwardOccurrences, parseEntries, serviceFromTag } from './records';

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
  /** Queued entries at which a connection stops reading until its batch is stored (default 5000). */
  maxPendingEntries?: number;
  /** Told about rejected records and closed connections; the listener itself never prints. */
  onEvent?: (event: ForwardEvent) => void;
}

export type ForwardEvent =
  | { type: 'stored'; inserted: number; duplicates: number; rejected: number }
  | { type: 'rejected'; tag: string; reason: string }
  | { type: 'connection-error'; remote: string; reason: string };

export interface ForwardStats {
  connections: number;
  messages: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  protocolErrors: number;
  storeErrors: number;
}

export interface ForwardListener {
  port: number;
  host: string;
  stats(): ForwardStats;
  /** Stops accepting, lets each connection finish the batch it is storing, then closes them. */
  close(): Promise<void>;
}

export async function startForwardListener(options: ForwardListenerOptions): Promise<ForwardListener> {
  const host = options.host ?? '127.0.0.1';
  const stats: ForwardStats = {
    connections: 0,
    messages: 0,
    inserted: 0,
    duplicates: 0,
    rejected: 0,
    protocolErrors: 0,
    storeErrors: 0,
  };
  const open = new Map<Socket, Promise<void>>();
  const server = createServer((socket) => {
    stats.connections += 1;
    const done = serveConnection(socket, options, stats).finally(() => open.delete(socket));
    open.set(socket, done);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    host,
    stats: () => ({ ...stats }),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open.keys()) socket.end();
      // A connection whose client keeps it open is cut once its in-flight batch is done.
      await Promise.race([Promise.all(open.values()), delay(2000)]);
      for (const socket of open.keys()) socket.destroy();
      await Promise.all(open.values());
      await closed;
    },
  };
}

async function serveConnection(socket: Socket, options: ForwardListenerOptions, stats: ForwardStats): Promise<void> {
  const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
  const report = (reason: string): void => options.onEvent?.({ type: 'connection-error', remote, reason });
  const tagService = options.serviceFromTag ?? serviceFromTag;
  const maxPending = options.maxPendingEntries ?? 5000;
  let queue: ForwardMessage[] = [];
  let queuedEntries = 0;
  let storing: Promise<void> | null = null;
  let failed = false;
  const occurrences = new ForwardOccurrences();
  socket.on('error', (error) => report(error.message));

  const storeBatch = async (batch: ForwardMessage[]): Promise<void> => {
    const records = [];
    let rejected = 0;
    for (const message of batch) {
      const parsed = parseEntries(message, tagService, { timezone: options.timezone, occurrences });
      records.push(...parsed.records);
      rejected += parsed.rejected.length;
      for (const reason of parsed.rejected) options.onEvent?.({ type: 'rejected', tag: message.tag, reason });
    }
    const result =
      records.length > 0 ? await ingest(options.store, records, { occurrences }) : { inserted: 0, duplicates: 0 };
    stats.inserted += result.inserted;
    stats.duplicates += result.duplicates;
    stats.rejected += rejected;
    options.onEvent?.({ type: 'stored', ...result, rejected });
    for (const message of batch) {
      if (message.chunk !== null && !socket.destroyed) socket.write(encode({ ack: message.chunk }));
    }
  };

  const drain = async (): Promise<void> => {
    while (queue.length > 0 && !failed) {
      const batch = queue;
      queue = [];
      queuedEntries = 0;
      try {
        await storeBatch(batch);
      } catch (error) {
        // Nothing of this batch is acknowledged; the client resends it on a new connection.
        failed = true;
        stats.storeErrors += 1;
        report(`storing failed, closing unacknowledged: ${(error as Error).message}`);
        socket.destroy();
      }
    }
    storing = null;
  };

  try {
    for await (const value of decodeMultiStream(socket, { rawStrings: true, extensionCodec: forwardExtensionCodec })) {
      if (failed) break;
      const message = readForwardMessage(value);
      stats.messages += 1;
      queue.push(message);
      queuedEntries += message.entries.length + message.invalid.length;
      storing ??= drain();
      if (queuedEntries >= maxPending) await storing;
    }
  } catch (error) {
    // Leaving the for-await destroys the socket, so `failed` alone tells a storage failure from a bad stream;
    // a socket error (ECONNRESET, ...) was reported by the 'error' handler already.
    const socketError =
      typeof (error as NodeJS.ErrnoException).code === 'string' &&
      (error as NodeJS.ErrnoException).code?.startsWith('E');
    if (!failed && !socketError) {
      stats.protocolErrors += 1;
      report(`malformed forward stream: ${(error as Error).message}`);
    }
  }
  // Messages decoded before the end (or before a malformed tail) are still stored and acknowledged.
  while (storing) await storing;
  if (!socket.destroyed) socket.end();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
