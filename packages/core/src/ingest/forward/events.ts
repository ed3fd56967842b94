/**
 * What the forward listener tells its owner, and a log that turns it into lines a person can read under
 * attack: at most one line per message or connection, and at most `burst` lines per interval — the rest is
 * counted and summarised in one line when the interval ends.
 */

/** Why a connection was closed by the listener (or by the client, for `socket`). */
export type ForwardCloseKind = 'protocol' | 'auth' | 'timeout' | 'overload' | 'store' | 'socket';

export type ForwardEvent =
  | { type: 'stored'; inserted: number; duplicates: number }
  /** One per message that had records the parsers refused; the rest of the message was stored. */
  | { type: 'rejected'; remote: string; tag: string; count: number; reasons: string[] }
  | { type: 'closed'; remote: string; kind: ForwardCloseKind; reason: string }
  /** A connection over the connection cap, closed as it arrived. */
  | { type: 'refused'; remote: string; reason: string };

export interface ForwardStats {
  /** Connections accepted since start. */
  connections: number;
  openConnections: number;
  /** Connections closed on arrival because `maxConnections` were open. */
  refused: number;
  messages: number;
  inserted: number;
  duplicates: number;
  /** Records refused by the parsers (their messages were still stored and acknowledged). */
  rejected: number;
  /** Connections closed for a stream or message that broke the protocol or a size limit. */
  protocolErrors: number;
  /** Failed TLS or shared_key handshakes. */
  authFailures: number;
  /** Connections closed for idling or for not finishing the handshake in time. */
  timeouts: number;
  /** Connections closed because the listener held its limit of unstored bytes. */
  shed: number;
  storeErrors: number;
}

export function emptyStats(): ForwardStats {
  return {
    connections: 0,
    openConnections: 0,
    refused: 0,
    messages: 0,
    inserted: 0,
    duplicates: 0,
    rejected: 0,
    protocolErrors: 0,
    authFailures: 0,
    timeouts: 0,
    shed: 0,
    storeErrors: 0,
  };
}

/** The line for one event, or null for events that are not problems. */
export function describeEvent(event: ForwardEvent): string | null {
  switch (event.type) {
    case 'rejected': {
      const more = event.count > event.reasons.length ? `; ${event.count - event.reasons.length} more` : '';
      return `forward ${event.remote}: ${event.count} record(s) rejected (tag ${event.tag}): ${event.reasons.join('; ')}${more}`;
    }
    case 'closed':
      return `forward ${event.remote}: closed (${event.kind}): ${event.reason}`;
    case 'refused':
      return `forward ${event.remote}: refused: ${event.reason}`;
    default:
      return null;
  }
}

export interface EventLogOptions {
  /** Lines written per interval before the rest is only counted (default 10). */
  burst?: number;
  /** Length of an interval in ms (default 10 s). */
  intervalMs?: number;
}

export interface EventLog {
  (event: ForwardEvent): void;
  /** Writes the pending summary, if any, and stops the timer. */
  close(): void;
}

/** A rate-limited writer of problem lines (`write` gets one line without a newline). */
export function createEventLog(write: (line: string) => void, options: EventLogOptions = {}): EventLog {
  const burst = options.burst ?? 10;
  const intervalMs = options.intervalMs ?? 10_000;
  let written = 0;
  const suppressed = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;

  const summarise = (): void => {
    if (suppressed.size > 0) {
      const counts = [...suppressed].map(([kind, count]) => `${count} ${kind}`).join(', ');
      write(`forward: ${counts} more problem(s) in the last ${intervalMs / 1000} s not shown`);
    }
    suppressed.clear();
    written = 0;
    timer = null;
  };

  const log = ((event: ForwardEvent) => {
    const line = describeEvent(event);
    if (line === null) return;
    timer ??= setTimeout(summarise, intervalMs).unref();
    if (written < burst) {
      written += 1;
      write(line);
      return;
    }
    const kind = event.type === 'closed' ? `closed (${event.kind})` : event.type;
    suppressed.set(kind, (suppressed.get(kind) ?? 0) + 1);
  }) as EventLog;
  log.close = () => {
    if (timer) clearTimeout(timer);
    summarise();
  };
  return log;
}
