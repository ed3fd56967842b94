/**
 * Live tail: follows a Logs query as new logs are stored, for Explore's live mode and a query's "Follow"
 * switch. The API's `GET /logs/tail` answers as soon as logs newer than a cursor exist (or after `wait`
 * seconds with none) together with the next cursor, so one request at a time is open per query:
 *
 *   tail(cursor) ──items, cursor'──▶ buffer (bounded, de-duplicated) ──▶ frame ──▶ Grafana
 *        ▲                                                                  │
 *        └──────────────── next call with cursor' (after a failure: same cursor, backoff) ┘
 *
 * Reconnecting with the last cursor the API confirmed loses nothing and repeats nothing; the buffer also
 * drops any id it already holds.
 */
import { LoadingState, type DataQueryError, type DataQueryResponse } from '@grafana/data';
import type { LogRecord } from '@logcas/contract';
import { Observable } from 'rxjs';
import { LogcasApiError, type LogFilterParams } from '../api';
import { logsFrame } from '../frames';
import type { InterpolatedQuery } from '../types';
import type { RunContext } from './run';

/** How long the API holds a tail request open when nothing new arrives (seconds). */
export const TAIL_WAIT_SECONDS = 20;
/** Retry delays after failed calls: doubling from the first, capped. */
export const RETRY_FIRST_MS = 1000;
export const RETRY_MAX_MS = 30000;
/** Rows kept when the query sets no limit. */
export const DEFAULT_LIVE_ROWS = 1000;

/** The newest `capacity` logs seen, each once, in the order they arrived. */
export class LiveBuffer {
  private readonly rows: LogRecord[] = [];
  private readonly ids = new Set<string>();

  constructor(readonly capacity: number) {}

  /** Adds the logs not seen yet; returns how many were new. */
  add(logs: readonly LogRecord[]): number {
    let added = 0;
    for (const log of logs) {
      if (this.ids.has(log.id)) continue;
      this.rows.push(log);
      this.ids.add(log.id);
      added += 1;
    }
    for (const dropped of this.rows.splice(0, Math.max(0, this.rows.length - this.capacity))) {
      this.ids.delete(dropped.id);
    }
    return added;
  }

  get logs(): readonly LogRecord[] {
    return this.rows;
  }
}

export interface LiveContext extends Pick<RunContext, 'api' | 'links' | 'requestId'> {
  /** Filters of the query as the API reads them (no time range: a tail has none). */
  filters: LogFilterParams;
  /** Waits between retries; a test passes a faster clock. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const sleepFor = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

function liveError(error: unknown, refId: string, retryMs: number): DataQueryError {
  const message = error instanceof Error ? error.message : String(error);
  const status = error instanceof LogcasApiError ? error.status : undefined;
  return { refId, status, message: `${message} (live tail retries in ${Math.round(retryMs / 1000)} s)` };
}

/** Streams the query's new logs until Grafana unsubscribes. */
export function followLogs(query: InterpolatedQuery, context: LiveContext): Observable<DataQueryResponse> {
  return new Observable<DataQueryResponse>((subscriber) => {
    const abort = new AbortController();
    const buffer = new LiveBuffer(query.limit ?? DEFAULT_LIVE_ROWS);
    const sleep = context.sleep ?? sleepFor;
    const emit = (errors?: DataQueryError[]): void =>
      subscriber.next({
        key: query.refId,
        state: LoadingState.Streaming,
        data: [logsFrame([...buffer.logs], { refId: query.refId, links: context.links, meta: { limit: query.limit } })],
        errors,
      });
    const loop = async (): Promise<void> => {
      let cursor: string | undefined;
      let retryMs = RETRY_FIRST_MS;
      let calls = 0;
      while (!abort.signal.aborted) {
        try {
          const started = Date.now();
          const page = await context.api.tail(
            { ...context.filters, cursor, wait: calls === 0 ? 0 : TAIL_WAIT_SECONDS, limit: buffer.capacity },
            { requestId: `${context.requestId}_live`, abortSignal: abort.signal },
          );
          calls += 1;
          cursor = page.cursor;
          retryMs = RETRY_FIRST_MS;
          if (buffer.add(page.items) > 0 || calls === 1) emit();
          // An API that answers an empty page at once (an older server ignoring `wait`) is not polled in a loop.
          else if (Date.now() - started < RETRY_FIRST_MS) await sleep(RETRY_FIRST_MS, abort.signal);
        } catch (error) {
          if (abort.signal.aborted) return;
          emit([liveError(error, query.refId, retryMs)]);
          await sleep(retryMs, abort.signal);
          retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
        }
      }
    };
    void loop();
    return () => abort.abort();
  });
}
