/**
 * Write tuning on the engine: the same prepared seed-traffic documents inserted into a fresh database with
 * every declared index, by bare insertMany with other batch sizes, ordered or not, other write concerns and two
 * inserts in flight; then ingest() (with rollups) at several batch sizes, whose rollups grow with the number
 * of batches a request's logs are split over. Rates, and the server's CPU per document on realdb.
 */
import type { WriteConcernSettings } from 'mongodb';
import { readFlags } from './lib/args';
import { OccurrenceCounter, ensureIndexes, ingest, prepareLogs, type ParsedLog, type StoredLog } from './lib/core';
import { connectRealDb, engineName, serverCpuSeconds } from './lib/engine';
import { formatCount, machine, medianSpread, mongodbUri, openBenchStore, saveRun } from './lib/run';
import { DEFAULT_TRAFFIC, trafficHour } from './lib/traffic';

const flags = readFlags(
  `
Insert batch sizes, ordered/unordered, write concerns and ingest() batch sizes on the engine.
  MONGODB_URI=... npx tsx bench/insert-tuning.ts [--docs 60000] [--rounds 2]`,
  {
    docs: { fallback: 60_000, help: 'documents per variant' },
    rounds: { fallback: 2, help: 'rounds over all variants (figures: median and spread)' },
    only: { fallback: '', help: 'run only variants whose name matches this regular expression' },
  },
);

interface Variant {
  name: string;
  run: (store: Awaited<ReturnType<typeof openBenchStore>>, records: ParsedLog[], docs: StoredLog[]) => Promise<void>;
}

function bare(
  batch: number,
  options: { ordered?: boolean; writeConcern?: WriteConcernSettings; inFlight?: number } = {},
): Variant['run'] {
  return async (store, _records, docs) => {
    const batches: StoredLog[][] = [];
    for (let i = 0; i < docs.length; i += batch) batches.push(docs.slice(i, i + batch));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length)
        await store.logs().insertMany(batches[next++] as StoredLog[], {
          ordered: options.ordered ?? false,
          writeConcern: options.writeConcern,
        });
    };
    await Promise.all(Array.from({ length: options.inFlight ?? 1 }, worker));
    // Unacknowledged writes return at once: the work is done when every document can be read.
    if (options.writeConcern?.w === 0)
      for (let i = 0; i < 600 && (await store.logs().countDocuments({})) < docs.length; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 100));
  };
}

function viaIngest(batch: number): Variant['run'] {
  return async (store, records) => {
    const occurrences = new OccurrenceCounter();
    for (let i = 0; i < records.length; i += batch) await ingest(store, records.slice(i, i + batch), { occurrences });
  };
}

const VARIANTS: Variant[] = [
  { name: 'insertMany unordered, batch 100', run: bare(100) },
  { name: 'insertMany unordered, batch 1000', run: bare(1000) },
  { name: 'insertMany unordered, batch 5000', run: bare(5000) },
  { name: 'insertMany unordered, batch 20000', run: bare(20000) },
  { name: 'insertMany ordered, batch 1000', run: bare(1000, { ordered: true }) },
  { name: 'insertMany unordered, batch 1000, w: 0', run: bare(1000, { writeConcern: { w: 0 } }) },
  { name: 'insertMany unordered, batch 1000, j: true', run: bare(1000, { writeConcern: { w: 1, journal: true } }) },
  { name: 'insertMany unordered, batch 1000, 2 in flight', run: bare(1000, { inFlight: 2 }) },
  { name: 'ingest(), batch 1000', run: viaIngest(1000) },
  { name: 'ingest(), batch 5000', run: viaIngest(5000) },
  { name: 'ingest(), batch 20000', run: viaIngest(20000) },
];

async function main(): Promise<void> {
  const uri = mongodbUri();
  const pg = connectRealDb(uri);
  const records: ParsedLog[] = [];
  // The seed's own first hours (each variant writes a fresh database): admission refuses future times.
  for (let hour = 0; records.length < flags.number('docs'); hour += 1)
    records.push(...trafficHour(DEFAULT_TRAFFIC, hour));
  records.length = flags.number('docs');
  const docs = prepareLogs(records, new OccurrenceCounter(), new Date()).docs;
  if (docs.length < records.length) throw new Error(`admission refused ${records.length - docs.length} records`);
  const only = flags.text('only') ? new RegExp(flags.text('only')) : null;
  const chosen = VARIANTS.filter((v) => !only || only.test(v.name));
  const results = new Map<string, Array<{ rate: number; cpuUs: number | null }>>();
  let engine = '';
  for (let round = 0; round < flags.number('rounds'); round += 1) {
    for (const variant of chosen) {
      const store = await openBenchStore(`logcas_bench_tuning_${process.pid}`, false);
      engine ||= await engineName(store.db, pg);
      await store.db.dropDatabase();
      await ensureIndexes(store.db);
      const cpu0 = serverCpuSeconds();
      const started = performance.now();
      // insertMany sets nothing on documents that have an _id: each variant gets the same objects.
      await variant.run(store, records, docs);
      const seconds = (performance.now() - started) / 1000;
      const cpu1 = serverCpuSeconds();
      const n = docs.length;
      const figures = { rate: n / seconds, cpuUs: cpu0 !== null && cpu1 !== null ? ((cpu1 - cpu0) / n) * 1e6 : null };
      results.set(variant.name, [...(results.get(variant.name) ?? []), figures]);
      console.error(
        `round ${round + 1} ${variant.name}: ${formatCount(figures.rate)}/s, server CPU ${figures.cpuUs?.toFixed(0) ?? '—'} µs/doc`,
      );
      await store.db.dropDatabase();
      await store.close();
    }
  }
  console.log(
    `\n${engine}; ${formatCount(docs.length)} documents per variant into a fresh database with every declared index; ${machine()}\n`,
  );
  console.log('| variant | docs/s | server CPU µs/doc |');
  console.log('|---|---:|---:|');
  for (const [name, runs] of results)
    console.log(
      `| ${name} | ${medianSpread(
        runs.map((r) => r.rate),
        0,
      )} | ${medianSpread(
        runs.map((r) => r.cpuUs ?? Number.NaN),
        0,
      )} |`,
    );
  saveRun('insert-tuning', { engine, machine: machine(), results: Object.fromEntries(results) });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
