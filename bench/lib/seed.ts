/**
 * Seeds a benchmark database with the realistic cloud traffic of traffic.ts through the real `ingest()` (stable
 * ids, redaction, logs, request summaries, volume buckets), an hour of traffic at a time, until it holds at
 * least the asked number of logs. A marker in `meta` records the traffic options, the hours done and the time
 * spent, so a later run resumes at the next hour (a 1M seed grows into a 10M one) and an interrupted hour is
 * simply ingested again: ids are stable, so what was stored comes back as duplicates and is not counted twice.
 */
import type { Store } from './core';
import { ingest, OccurrenceCounter } from './core';
import { connectRealDb, type RealDb } from './engine';
import { mongodbUri, openBenchStore } from './run';
import { DEFAULT_TRAFFIC, HOUR_MS, trafficHour, type TrafficOptions } from './traffic';

const SEED_MARKER = 'bench.seed';

export interface SeedState {
  traffic: TrafficOptions;
  /** Hours of traffic stored so far (hour 0 … hours − 1). */
  hours: number;
  /** Logs stored (inserted, not duplicates). */
  logs: number;
  /** Wall seconds spent in ingest() over all runs. */
  seconds: number;
}

export interface SeedOptions {
  /** Records per ingest() call. */
  batch: number;
  /** ingest() calls in flight at once. */
  concurrency: number;
  /** Called after every hour. */
  onHour?: (state: SeedState, hourSeconds: number, hourLogs: number) => void;
}

export async function readSeed(store: Store): Promise<SeedState | null> {
  const marker = await store.meta().findOne({ _id: SEED_MARKER });
  return marker ? (marker.state as SeedState) : null;
}

/** A seeded database as a benchmark reads it: the store, PostgreSQL on realdb, the seed and its span. */
export async function openSeeded(
  database: string,
): Promise<{ store: Store; pg: RealDb | null; state: SeedState; span: { from: Date; to: Date } }> {
  const store = await openBenchStore(database, false);
  const state = await readSeed(store);
  if (!state) throw new Error(`database ${database} is not seeded: run bench/seed.ts first`);
  return { store, pg: connectRealDb(mongodbUri()), state, span: seededSpan(state) };
}

/** The traffic's time span as seeded: from hour 0 to the end of the last hour done. */
export function seededSpan(state: SeedState): { from: Date; to: Date } {
  return { from: new Date(state.traffic.start), to: new Date(state.traffic.start + state.hours * HOUR_MS) };
}

/** Records that hours up to `state.hours` are stored (a benchmark that adds hours itself calls this). */
export async function saveSeed(store: Store, state: SeedState): Promise<void> {
  await store.meta().updateOne({ _id: SEED_MARKER }, { $set: { state } }, { upsert: true });
}

/** Runs `work` over `items` with at most `limit` in flight, starting them in order. */
async function inFlight<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Ingests hours of traffic until the database holds at least `logs` logs; returns the seed's state. A database
 * seeded with other traffic options is an error (drop it or use another database).
 */
export async function seedTo(
  store: Store,
  logs: number,
  options: SeedOptions,
  traffic: TrafficOptions = DEFAULT_TRAFFIC,
): Promise<SeedState> {
  let state = (await readSeed(store)) ?? { traffic, hours: 0, logs: 0, seconds: 0 };
  if (JSON.stringify(state.traffic) !== JSON.stringify(traffic)) {
    throw new Error(
      `database ${store.db.databaseName} was seeded with other traffic (${JSON.stringify(state.traffic)}); use another database`,
    );
  }
  while (state.logs < logs) {
    const records = trafficHour(traffic, state.hours);
    // One occurrence counter for the hour: its keys include host and service, so it numbers each file's
    // identical texts exactly as one counter per file would.
    const occurrences = new OccurrenceCounter();
    const batches: (typeof records)[] = [];
    for (let i = 0; i < records.length; i += options.batch) batches.push(records.slice(i, i + options.batch));
    let inserted = 0;
    const started = performance.now();
    await inFlight(batches, options.concurrency, async (batch) => {
      inserted += (await ingest(store, batch, { occurrences })).inserted;
    });
    const seconds = (performance.now() - started) / 1000;
    state = { traffic, hours: state.hours + 1, logs: state.logs + inserted, seconds: state.seconds + seconds };
    await saveSeed(store, state);
    options.onHour?.(state, seconds, inserted);
  }
  return state;
}
