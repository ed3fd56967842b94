/**
 * Two behaviours of FerretDB 2.5 / DocumentDB 0.106 (realdb) that break ingestion written naively, reproduced
 * in a scratch database. Each prints what happened; on MongoDB both pass. Exit code 1 when one reproduces, so
 * the script can tell whether an engine still has them.
 *
 * 1. A no-op `$addToSet` (the value is already in the array) in an update that changes the document otherwise
 *    (another operator, or another set that grows) stores the array once more, unseen by readers but counted
 *    in the document's size. A summary folded that way batch after batch grows past 16 MB and every later
 *    fold of it fails (DocumentAfterUpdateLargerThanMaxSize). LogCAS's folds read the stored sets first and
 *    send only new values (packages/core/src/store/insert-new.ts `foldNewValues`; test/stored-size.test.ts).
 * 2. Two ingest() calls in flight whose batches share request ids (summaries) or minutes (volume buckets):
 *    PostgreSQL detects a deadlock between their writes (code 16908292) and one call fails after its logs
 *    were stored, so its rollups are lost.
 */
import type { Document } from 'mongodb';
import { readFlags } from './lib/args';
import { connectRealDb, engineName } from './lib/engine';
import { ingest, OccurrenceCounter } from './lib/core';
import { mongodbUri, openBenchStore } from './lib/run';
import { DEFAULT_TRAFFIC, trafficHour } from './lib/traffic';

const flags = readFlags(
  `
Reproduces the engine behaviours that break ingestion on FerretDB 2.5 / DocumentDB 0.106.
  MONGODB_URI=... npx tsx bench/engine-bugs.ts`,
  {
    updates: { fallback: 25, help: 'updates of one summary in the first check' },
    records: { fallback: 30000, help: 'records of seed traffic ingested two batches at a time in the second check' },
  },
);

async function main(): Promise<void> {
  const store = await openBenchStore(`logcas_bench_engine_bugs_${process.pid}`, false);
  const db = store.db;
  let reproduced = 0;
  try {
    console.log(await engineName(db, connectRealDb(mongodbUri())));
    // 1. No-op $addToSet + $inc, repeated on one document.
    const summaries = db.collection<Document>('summaries');
    await summaries.insertOne({ _id: 'req-1' as never, hosts: ['compute-001'], count: 1 });
    let failedAt: number | null = null;
    let message = '';
    for (let i = 0; i < flags.number('updates'); i += 1) {
      try {
        await summaries.updateOne(
          { _id: 'req-1' as never },
          { $addToSet: { hosts: 'compute-001' }, $inc: { count: 1 } },
        );
      } catch (error) {
        failedAt = i + 1;
        message = (error as Error).message;
        break;
      }
    }
    const after = await summaries.findOne({ _id: 'req-1' as never });
    console.log(
      failedAt === null
        ? `1. no-op $addToSet + $inc × ${flags.number('updates')}: fine (count ${after?.count})`
        : `1. no-op $addToSet + $inc: update ${failedAt} failed: ${message}`,
    );
    if (failedAt !== null) reproduced += 1;

    // 2. Two ingest() calls in flight over consecutive batches of one stream, as two readers would send them.
    const records = trafficHour(DEFAULT_TRAFFIC, 0).slice(0, flags.number('records'));
    const counter = new OccurrenceCounter();
    const batches = Array.from({ length: Math.ceil(records.length / 1000) }, (_, i) =>
      records.slice(i * 1000, (i + 1) * 1000),
    );
    let failure: string | null = null;
    for (let i = 0; i < batches.length && failure === null; i += 2) {
      const pair = batches.slice(i, i + 2).map((batch) => ingest(store, batch, { occurrences: counter }));
      for (const outcome of await Promise.allSettled(pair))
        if (outcome.status === 'rejected') failure = (outcome.reason as Error).message;
    }
    console.log(`2. two ingest() calls in flight over ${records.length} records: ${failure ?? 'fine'}`);
    if (failure !== null) reproduced += 1;
  } finally {
    await db.dropDatabase();
    await store.close();
  }
  process.exitCode = reproduced > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 2;
});
