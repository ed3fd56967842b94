/**
 * Archive benchmark: demo traffic (the real generator, parser and ingest()) into a fresh database, then
 *   1. the first archive run over everything, 2. an immediate second run (nothing to copy; re-reads only the
 *   skew margin), 3. a run after more traffic arrived (incremental), 4. prune of the older half.
 * Usage: MONGODB_URI=mongodb://127.0.0.1:27117/ npx tsx bench/archive.ts [--minutes 30] [--more 5]
 */
import { MongoClient } from 'mongodb';
import { prune } from '../packages/core/src/archive/prune';
import { runArchive } from '../packages/core/src/archive/run';
import { loadDemo } from '../packages/core/src/demo/load';
import { detectCapabilities } from '../packages/core/src/store/connection';
import { storeOver } from '../packages/core/src/store/connection';
import { ensureIndexes } from '../packages/core/src/store/indexes';
import { flag } from './support';

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  ${JSON.stringify(result)}`);
  return result;
}

async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27117/';
  const minutes = flag('--minutes', 30);
  const more = flag('--more', 5);
  const client = await MongoClient.connect(uri);
  const db = client.db(`bench_archive_${process.pid}`);
  try {
    await ensureIndexes(db);
    const store = storeOver(client, db, await detectCapabilities(db));
    console.log(`server: ${store.capabilities.server} ${store.capabilities.version}`);
    const end = Date.now() - more * 60000;
    await timed(`ingest ${minutes} min of demo traffic`, () =>
      loadDemo(store, { now: new Date(end), durationMs: minutes * 60000, seed: 1 }),
    );
    const logs = await store.logs().countDocuments();
    const requests = await store.requests().countDocuments();
    console.log(`live: ${logs} logs, ${requests} request summaries`);
    const first = await timed('archive, first run', () => runArchive(store));
    console.log(`  → ${((logs / first.durationMs) * 1000).toFixed(0)} logs scanned/s`);
    await timed('archive, second run (no change)', () => runArchive(store));
    await timed(`ingest ${more} more min`, () =>
      loadDemo(store, { now: new Date(end + more * 60000), durationMs: more * 60000, seed: 2 }),
    );
    await timed('archive, incremental run', () => runArchive(store));
    await timed(`prune older than ${Math.round(minutes / 2)} min`, () =>
      prune(store, { olderThanMs: (minutes / 2) * 60000, now: new Date(end), archive: false }),
    );
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
