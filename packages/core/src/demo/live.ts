/** `logcas demo --serve`: keeps ingesting fresh demo traffic (parser + ingest()) while the API serves it. */
import type { Store } from '../store/connection';
import { ingest } from '../ingest/ingest';
import { sleep } from './continuous';
import { createDemoFeed } from './feed';
import { linesByFile, parseDemoFile } from './load';

export interface LiveDemoOptions {
  seed?: number;
  operationsPerMinute?: number;
  failureRate?: number;
  /** How often new lines are ingested (default 2 s). */
  tickMs?: number;
  signal?: AbortSignal;
  /** Told about a failed batch; the loop keeps going (the database may come back). */
  onError?: (error: unknown) => void;
}

/** Runs until `signal` aborts; returns the number of records stored. */
export async function runLiveDemo(store: Store, options: LiveDemoOptions = {}): Promise<number> {
  const feed = createDemoFeed({
    seed: options.seed,
    operationsPerMinute: options.operationsPerMinute,
    failureRate: options.failureRate,
  });
  let stored = 0;
  while (!options.signal?.aborted) {
    const ready = feed.due(Date.now());
    try {
      for (const [path, lines] of linesByFile(ready)) {
        stored += (await ingest(store, parseDemoFile(path, lines))).inserted;
      }
    } catch (error) {
      options.onError?.(error);
    }
    await sleep(options.tickMs ?? 2000, options.signal);
  }
  return stored;
}
