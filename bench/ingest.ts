/**
 * Sustained ingest benchmark on a seeded database (at least --existing logs): the seed's traffic continues hour
 * after hour for at least --minutes, in batches of --batch records, taking turns between
 *   - ingest() itself — admission, ids, redaction and classification, the ingest_batches journal, the logs
 *     insert, request summaries, volume buckets, the error and resource views —,
 *   - the same steps without the error and resource views: their rollups are applied untimed afterwards and
 *     the classification CPU (fingerprint and resource extraction, timed on the batch apart) is taken out, so
 *     the difference to ingest() is what the views cost, and
 *   - bare `insertMany` of the batch's prepared documents into the same collection (same indexes, same
 *     size), whose rollups are then applied untimed so the seed stays exact.
 * Batches taking turns on one collection see the same size and the same machine load. Reports the rates and
 * their ratios, the server's CPU per record on realdb (FerretDB + PostgreSQL processes: the cost that does not
 * depend on what else runs on the machine), the rate minute by minute, and this process's memory. The hours
 * it adds are recorded in the seed, so the database grows.
 */
import { readFlags } from './lib/args';
import {
  OccurrenceCounter,
  applyRollups,
  applyViewRollups,
  batchJournal,
  errorSignature,
  extractResources,
  ingest,
  insertLogs,
  prepareLogs,
  updateSummaries,
  updateVolume,
  type StoredLog,
} from './lib/core';
import { analyze, connectRealDb, engineName, serverCpuSeconds } from './lib/engine';
import { formatCount, machine, mongodbUri, openBenchStore, saveRun } from './lib/run';
import { readSeed, saveSeed, seedTo } from './lib/seed';
import { trafficHour } from './lib/traffic';

const flags = readFlags(
  `
Sustained ingest() against bare insertMany of the same traffic, alternating batches, on the seeded database.
  MONGODB_URI=... npx tsx bench/ingest.ts --existing 1m --minutes 10`,
  {
    existing: { fallback: '1m', help: 'logs the database holds before the run (seeded first when fewer)' },
    db: { fallback: 'logcas_bench', help: 'database name' },
    minutes: { fallback: 10, help: 'run at least this long (then to the end of the hour of traffic)' },
    batch: { fallback: 1000, help: 'records per batch (file ingestion uses 1000)' },
  },
);

/** Timed steps; the side without views is timed step by step (the journal is what its wrapper adds). */
const STEPS = ['ingest()', 'prepare', 'journal', 'insert', 'request summaries', 'volume', 'insert logs'] as const;

interface Side {
  records: number;
  serverCpu: number;
  steps: Record<(typeof STEPS)[number], number>;
  /** Seconds of fingerprinting and resource extraction inside the timed steps (pure CPU, timed apart). */
  classification: number;
}

/** The CPU ingestion spends classifying a batch's documents (prepare.ts runs the same two functions). */
function classificationSeconds(docs: readonly StoredLog[]): number {
  const t = performance.now();
  for (const doc of docs) {
    errorSignature(doc);
    extractResources(doc);
  }
  return (performance.now() - t) / 1000;
}

const emptySide = (): Side => ({
  records: 0,
  serverCpu: 0,
  steps: Object.fromEntries(STEPS.map((step) => [step, 0])) as Side['steps'],
  classification: 0,
});

async function main(): Promise<void> {
  const database = flags.text('db');
  const store = await openBenchStore(database);
  const pg = connectRealDb(mongodbUri());
  const seeded = (await readSeed(store))?.logs ?? 0;
  let state = await seedTo(store, flags.number('existing'), { batch: 1000, concurrency: 1 });
  const before = state.logs;
  if (pg && state.logs !== seeded) console.error(`ANALYZE after seeding: ${analyze(pg).toFixed(1)} s`);
  console.error(`${await engineName(store.db, pg)}; ${database} holds ${formatCount(state.logs)} logs; ${machine()}`);

  const sides = { ingest: emptySide(), noViews: emptySide(), bare: emptySide() };
  const journal = batchJournal(store);
  const perMinute: Array<{ minute: number; ingestRate: number; noViewsRate: number; bareRate: number }> = [];
  const memory: Array<{ minute: number; rssMiB: number; heapUsedMiB: number }> = [];
  const snapshot = (side: Side): Side => ({ ...side, steps: { ...side.steps } });
  let minuteMark = { ingest: snapshot(sides.ingest), noViews: snapshot(sides.noViews), bare: snapshot(sides.bare) };
  const started = performance.now();
  const cpu = (): number => serverCpuSeconds() ?? 0;
  const batchSize = flags.number('batch');
  let batchIndex = 0;

  while ((performance.now() - started) / 60000 < flags.number('minutes')) {
    const records = trafficHour(state.traffic, state.hours);
    const counter = new OccurrenceCounter();
    let hourLogs = 0;
    for (let i = 0; i < records.length; i += batchSize) {
      const batch = records.slice(i, i + batchSize);
      const now = new Date();
      const turn = batchIndex % 3;
      if (turn === 0) {
        const side = sides.ingest;
        const cpu0 = cpu();
        const t = performance.now();
        // The real ingest(): admission, ids, the ingest_batches journal, the insert, summaries, volume, views.
        const { inserted } = await ingest(store, batch, { occurrences: counter, now });
        side.steps['ingest()'] += (performance.now() - t) / 1000;
        side.serverCpu += cpu() - cpu0;
        side.records += batch.length;
        hourLogs += inserted;
      } else if (turn === 1) {
        const side = sides.noViews;
        const cpu0 = cpu();
        // ingest()'s steps (IngestBatcher → storeLogs) with the view rollups left out, timed one by one.
        const timed = async <T>(step: (typeof STEPS)[number], work: () => Promise<T> | T): Promise<T> => {
          const t = performance.now();
          const result = await work();
          side.steps[step] += (performance.now() - t) / 1000;
          return result;
        };
        const docs: StoredLog[] = await timed('prepare', () => prepareLogs(batch, counter, now).docs);
        const stepsBefore = total(side);
        const aroundStarted = performance.now();
        const stored = await journal.around({ ingestedAt: now, ids: docs.map((doc) => doc._id) }, async () => {
          const { inserted } = await timed('insert', () => insertLogs(store, docs));
          await timed('request summaries', () => updateSummaries(store, inserted));
          await timed('volume', () => updateVolume(store, inserted));
          return inserted;
        });
        // The journal's own writes: what around() took beyond the steps inside it.
        side.steps.journal += (performance.now() - aroundStarted) / 1000 - (total(side) - stepsBefore);
        side.serverCpu += cpu() - cpu0;
        side.records += batch.length;
        side.classification += classificationSeconds(docs);
        hourLogs += stored.length;
        await applyViewRollups(store, 'live', stored);
      } else {
        const side = sides.bare;
        const docs: StoredLog[] = prepareLogs(batch, counter, now).docs;
        const cpu0 = cpu();
        const t = performance.now();
        await store.logs().insertMany(docs, { ordered: false });
        side.steps['insert logs'] += (performance.now() - t) / 1000;
        side.serverCpu += cpu() - cpu0;
        side.records += batch.length;
        hourLogs += docs.length;
        await applyRollups(store, docs);
      }
      batchIndex += 1;
      const minute = Math.floor((performance.now() - started) / 60000);
      if (minute > perMinute.length) {
        const rate = (now: Side, then: Side): number =>
          (now.records - then.records) / Math.max(1e-9, total(now) - total(then));
        perMinute.push({
          minute,
          ingestRate: rate(sides.ingest, minuteMark.ingest),
          noViewsRate: rate(sides.noViews, minuteMark.noViews),
          bareRate: rate(sides.bare, minuteMark.bare),
        });
        minuteMark = { ingest: snapshot(sides.ingest), noViews: snapshot(sides.noViews), bare: snapshot(sides.bare) };
        const usage = process.memoryUsage();
        memory.push({ minute, rssMiB: usage.rss / 2 ** 20, heapUsedMiB: usage.heapUsed / 2 ** 20 });
        const last = perMinute[perMinute.length - 1];
        console.error(
          `minute ${minute}: ingest() ${formatCount(last?.ingestRate ?? 0)}/s, without views ${formatCount(last?.noViewsRate ?? 0)}/s, bare ${formatCount(last?.bareRate ?? 0)}/s, RSS ${(usage.rss / 2 ** 20).toFixed(0)} MiB`,
        );
      }
    }
    state = { ...state, hours: state.hours + 1, logs: state.logs + hourLogs };
    await saveSeed(store, state);
  }

  const elapsed = (performance.now() - started) / 1000;
  const line = (name: string, side: Side): string => {
    const seconds = total(side);
    const steps = STEPS.filter((step) => side.steps[step] > 0)
      .map((step) => `${step} ${((side.steps[step] / side.records) * 1e6).toFixed(0)}`)
      .join(', ');
    return `| ${name} | ${formatCount(side.records)} | ${seconds.toFixed(0)} | ${formatCount(side.records / seconds)} | ${pg ? ((side.serverCpu / side.records) * 1e6).toFixed(0) : '—'} | ${steps} |`;
  };
  console.log(
    `\n${await engineName(store.db, pg)}; ${database}: ${formatCount(before)} → ${formatCount(state.logs)} logs; ${elapsed.toFixed(0)} s wall, batches of ${batchSize}; ${machine()}\n`,
  );
  console.log('| side | records | seconds | records/s | server CPU µs/record | µs/record by step |');
  console.log('|---|---:|---:|---:|---:|---|');
  console.log(line('ingest() (rollups and views)', sides.ingest));
  console.log(line('ingest() without views', sides.noViews));
  console.log(line('bare insertMany', sides.bare));
  const perRecord = (side: Side): number => total(side) / side.records;
  const noViews = (total(sides.noViews) - sides.noViews.classification) / sides.noViews.records;
  console.log(
    `\nviews cost (ingest() over ingest() without views, classification ${((sides.noViews.classification / sides.noViews.records) * 1e6).toFixed(0)} µs/record included): ` +
      `+${((perRecord(sides.ingest) / noViews - 1) * 100).toFixed(1)} %` +
      (pg
        ? `, server CPU +${((sides.ingest.serverCpu / sides.ingest.records / (sides.noViews.serverCpu / sides.noViews.records) - 1) * 100).toFixed(1)} %`
        : ''),
  );
  console.log(
    `ratio ingest()/bare: wall ${(total(sides.ingest) / sides.ingest.records / (total(sides.bare) / sides.bare.records)).toFixed(2)}×` +
      (pg
        ? `, server CPU ${(sides.ingest.serverCpu / sides.ingest.records / (sides.bare.serverCpu / sides.bare.records)).toFixed(2)}×`
        : ''),
  );
  console.log(
    `rate by minute (ingest()/without views/bare, records/s): ${perMinute.map((m) => `${formatCount(m.ingestRate)}/${formatCount(m.noViewsRate)}/${formatCount(m.bareRate)}`).join(' ')}`,
  );
  const peak = memory.reduce((max, m) => Math.max(max, m.rssMiB), 0);
  console.log(
    `ingest process memory: peak RSS ${peak.toFixed(0)} MiB; heap used ${memory.map((m) => m.heapUsedMiB.toFixed(0)).join(' ')} MiB by minute`,
  );
  saveRun(`ingest-${database}`, { before, after: state.logs, elapsed, sides, perMinute, memory, machine: machine() });
  await store.close();
}

function total(side: Side): number {
  return STEPS.reduce((sum, step) => sum + side.steps[step], 0);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
