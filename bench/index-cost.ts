/**
 * Write amplification: what each declared index of `logs` (packages/core/src/store/indexes.ts) costs at
 * ingest, measured by inserting the same prepared documents (seed traffic) into a scratch collection carrying
 * all declared indexes, all but one (for each), only `_id`, and variants phase B may choose (partial indexes
 * on fields that are mostly null). Per variant: insert rate, the server's CPU per document and WAL bytes per
 * document (realdb; both independent of what else runs on the machine), and index bytes per document.
 * Each variant first receives --prefill documents, so the indexes are not empty, then --docs timed ones.
 */
import type { Document, IndexSpecification } from 'mongodb';
import { readFlags } from './lib/args';
import { INDEXES, OccurrenceCounter, prepareLogs, type StoredLog } from './lib/core';
import { connectRealDb, engineName, relationSizes, serverCpuSeconds, walBytes } from './lib/engine';
import { formatCount, machine, medianSpread, mongodbUri, openBenchStore, saveRun } from './lib/run';
import { DEFAULT_TRAFFIC, HOUR_MS, trafficHour } from './lib/traffic';

const flags = readFlags(
  `
Measures the ingest cost of each index of the logs collection by dropping one at a time.
  MONGODB_URI=... npx tsx bench/index-cost.ts [--docs 100000] [--prefill 50000] [--rounds 2]`,
  {
    docs: { fallback: 100_000, help: 'timed documents per variant' },
    prefill: { fallback: 50_000, help: 'documents inserted first (untimed) per variant' },
    batch: { fallback: 1000, help: 'documents per insertMany' },
    rounds: { fallback: 2, help: 'rounds over all variants (figures: median and spread)' },
    only: { fallback: '', help: 'run only variants whose name matches this regular expression' },
  },
);

interface Variant {
  name: string;
  indexes: Array<{ name: string; key: Record<string, 1 | -1>; partialFilterExpression?: Document }>;
}

const declared = INDEXES.filter((index) => index.collection === 'logs').map(({ name, key }) => ({ name, key }));

/** Partial variants: the equality indexes of mostly-null fields keep only documents that have the field. */
const SPARSE_FIELDS = ['requestId', 'globalRequestId', 'instance', 'projectId', 'userId'];

function variants(): Variant[] {
  const out: Variant[] = [{ name: 'all declared', indexes: declared }];
  for (const index of declared)
    out.push({ name: `without ${index.name}`, indexes: declared.filter((i) => i !== index) });
  out.push({
    name: 'partial (field: string) on requestId, globalRequestId, instance, projectId, userId',
    indexes: declared.map((index) => {
      const field = Object.keys(index.key)[0] as string;
      return SPARSE_FIELDS.includes(field)
        ? { ...index, partialFilterExpression: { [field]: { $type: 'string' } } }
        : index;
    }),
  });
  out.push({ name: '_id only', indexes: [] });
  return out;
}

async function main(): Promise<void> {
  const uri = mongodbUri();
  const database = `logcas_bench_indexes_${process.pid}`;
  const store = await openBenchStore(database, false);
  const pg = connectRealDb(uri);
  const engine = await engineName(store.db, pg);
  const total = flags.number('prefill') + flags.number('docs');
  // Traffic from far beyond any seed, prepared once: every variant inserts the very same documents.
  const docs: StoredLog[] = [];
  const counter = new OccurrenceCounter();
  for (let hour = 1000; docs.length < total; hour += 1) {
    // Ingested just after the hour it describes: admission refuses records far from their ingestion time.
    const ingestedAt = new Date(DEFAULT_TRAFFIC.start + (hour + 1) * HOUR_MS);
    const prepared = prepareLogs(trafficHour(DEFAULT_TRAFFIC, hour), counter, ingestedAt);
    if (prepared.docs.length === 0) throw new Error(`hour ${hour} of traffic prepared no documents`);
    docs.push(...prepared.docs);
  }
  docs.length = total;
  const nullShare = Object.fromEntries(
    SPARSE_FIELDS.map((field) => [
      field,
      docs.filter((d) => d[field as keyof StoredLog] === null).length / docs.length,
    ]),
  );
  console.error(`${engine}; ${machine()}; share of null values: ${JSON.stringify(nullShare)}`);

  const only = flags.text('only') ? new RegExp(flags.text('only')) : null;
  const chosen = variants().filter((v) => !only || only.test(v.name));
  const results = new Map<
    string,
    Array<{ rate: number; cpuUs: number | null; walBytes: number | null; indexBytes: number | null }>
  >();
  try {
    for (let round = 0; round < flags.number('rounds'); round += 1) {
      for (const variant of chosen) {
        const collection = store.db.collection<StoredLog>('logs');
        await collection.drop().catch(() => undefined);
        await store.db.createCollection('logs');
        if (variant.indexes.length > 0)
          await collection.createIndexes(
            variant.indexes.map((i) => ({
              key: i.key as IndexSpecification,
              name: i.name,
              ...(i.partialFilterExpression ? { partialFilterExpression: i.partialFilterExpression } : {}),
            })) as never,
          );
        const batch = flags.number('batch');
        const insert = async (from: number, to: number): Promise<void> => {
          // insertMany adds nothing to documents that already have an _id, so the same objects can be reused.
          for (let i = from; i < to; i += batch)
            await collection.insertMany(docs.slice(i, Math.min(to, i + batch)), { ordered: false });
        };
        await insert(0, flags.number('prefill'));
        const cpu0 = serverCpuSeconds();
        const wal0 = pg ? walBytes(pg) : null;
        const started = performance.now();
        await insert(flags.number('prefill'), total);
        const seconds = (performance.now() - started) / 1000;
        const cpu1 = serverCpuSeconds();
        const wal1 = pg ? walBytes(pg) : null;
        const n = flags.number('docs');
        const indexBytes = pg
          ? relationSizes(pg, database)
              .filter((r) => r.collection === 'logs' && r.index !== null)
              .reduce((sum, r) => sum + r.bytes, 0)
          : null;
        const figures = {
          rate: n / seconds,
          cpuUs: cpu0 !== null && cpu1 !== null ? ((cpu1 - cpu0) / n) * 1e6 : null,
          walBytes: wal0 !== null && wal1 !== null ? (wal1 - wal0) / n : null,
          indexBytes: indexBytes === null ? null : indexBytes / total,
        };
        results.set(variant.name, [...(results.get(variant.name) ?? []), figures]);
        console.error(
          `round ${round + 1} ${variant.name}: ${formatCount(figures.rate)}/s, server CPU ${figures.cpuUs?.toFixed(0) ?? '—'} µs/doc, WAL ${figures.walBytes?.toFixed(0) ?? '—'} B/doc`,
        );
      }
    }
  } finally {
    await store.db.dropDatabase();
    await store.close();
  }

  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number;
  const base = results.get('all declared');
  const baseCpu = base ? median(base.map((r) => r.cpuUs ?? Number.NaN)) : Number.NaN;
  const baseWal = base ? median(base.map((r) => r.walBytes ?? Number.NaN)) : Number.NaN;
  console.log(
    `\n${engine}; ${formatCount(flags.number('docs'))} timed documents after ${formatCount(flags.number('prefill'))} per variant, batches of ${flags.number('batch')}, ${flags.number('rounds')} rounds; ${machine()}\n`,
  );
  console.log('| variant | docs/s | server CPU µs/doc | saved vs all | WAL B/doc | saved vs all | index B/doc |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [name, runs] of results) {
    const cpu = median(runs.map((r) => r.cpuUs ?? Number.NaN));
    const wal = median(runs.map((r) => r.walBytes ?? Number.NaN));
    console.log(
      `| ${name} | ${medianSpread(
        runs.map((r) => r.rate),
        0,
      )} | ${medianSpread(
        runs.map((r) => r.cpuUs ?? Number.NaN),
        0,
      )} | ${name === 'all declared' ? '—' : `${(((baseCpu - cpu) / baseCpu) * 100).toFixed(0)} %`} | ${wal.toFixed(0)} | ${name === 'all declared' ? '—' : `${(((baseWal - wal) / baseWal) * 100).toFixed(0)} %`} | ${median(runs.map((r) => r.indexBytes ?? Number.NaN)).toFixed(0)} |`,
    );
  }
  console.log(
    `\nshare of documents with the field null: ${Object.entries(nullShare)
      .map(([f, s]) => `${f} ${(s * 100).toFixed(0)} %`)
      .join(', ')}`,
  );
  saveRun('index-cost', { engine, machine: machine(), nullShare, results: Object.fromEntries(results) });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
