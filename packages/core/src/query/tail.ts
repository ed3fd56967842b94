/** `GET /logs/tail`: waits (up to `wait` seconds) for live logs stored after the cursor, then answers them. */
import { setTimeout as wait } from 'node:timers/promises';
import type { TailParams, TailResponse } from '@logcas/contract';
import type { StoredLog } from '../store/collections';
import type { Store } from '../store/connection';
import { findDocuments } from '../store/find';
import { toLogRecord } from './convert';
import { readCursorKey } from './cursor-key';
import { buildTailFind, encodeTailCursor, nextTailPosition, readTailQuery } from './tail-query';

export interface TailOptions {
  /** How long after its `ingestedAt` a batch is surely visible (longer than the slowest insert). */
  settleMs: number;
  /** How often a waiting tail looks for new logs. */
  pollMs?: number;
  /** Ends the wait early (the client went away). */
  signal?: AbortSignal;
  now?: () => Date;
}

const DEFAULT_POLL_MS = 1000;

export async function tailLogs(store: Store, params: TailParams, options: TailOptions): Promise<TailResponse> {
  const now = options.now ?? (() => new Date());
  const cursorKey = await readCursorKey(store);
  const query = readTailQuery(params, now(), cursorKey);
  const deadline = now().getTime() + query.waitMs;
  for (;;) {
    const settledUntil = new Date(now().getTime() - options.settleMs);
    const rows = await findDocuments<StoredLog>(store, buildTailFind(query, settledUntil));
    const finished = rows.length > 0 || now().getTime() >= deadline || options.signal?.aborted === true;
    if (finished) {
      const last = rows.at(-1);
      const position = nextTailPosition(query, last ? { at: last.ingestedAt, id: last._id } : undefined, settledUntil);
      // Read in stored order (the cursor's order); answered in time order, which is how people read logs.
      const inTimeOrder = [...rows].sort((a, b) => a.ts.getTime() - b.ts.getTime() || (a._id < b._id ? -1 : 1));
      return { items: inTimeOrder.map(toLogRecord), cursor: encodeTailCursor(position, cursorKey) };
    }
    // An abort (client gone, server closing) ends the pause early; the next round answers what there is.
    await wait(Math.min(options.pollMs ?? DEFAULT_POLL_MS, deadline - now().getTime()), undefined, {
      signal: options.signal,
    }).catch(() => undefined);
  }
}
