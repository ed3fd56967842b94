/**
 * Ingest benchmark: N realistic records (oslo.log text from generate-oslo-log.ts, parsed by the real parser)
 * go through `ingest()` (stable ids, redaction, insert, request summaries, volume) into a fresh database, in
 * batches of 1000 as file ingestion does (with the error and resource views). Taking turns with it, batch by
 * batch: the same documents stored without a fingerprint or resources (so the view rollups have nothing to
 * do), and a bare `insertMany` of them, each into a fresh database with the same indexes. Prints the rates,
 * the cost of the views (rollups plus classification CPU) over ingest without them, the ratio to the bare
 * insert, then the rate of re-ingesting everything (all duplicates), and writes bench/RESULTS.md "## Ingest".
 *   npx tsx bench/ingest.ts [--records N] [--no-write]     (MONGODB_URI, default the test FerretDB)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorSignature } from '../packages/core/src/classify/fingerprint';
import { extractResources } from '../packages/core/src/classify/resources';
import { ingest, storeLogs } from '../packages/core/src/ingest/ingest';
import { batchJournal } from '../packages/core/src/ingest/journal';
import { prepareLogs } from '../packages/core/src/ingest/prepare';
import { OccurrenceCounter } from '../packages/core/src/ingest/stable-id';
import type { ParsedLog, StoredLog } from '../packages/core/src/model/record';
import { ChunkLineSplitter } from '../packages/core/src/parse/line-splitter';
import { createTextParser } from '../packages/core/src/parse/oslo-text';
import { viewCollection } from '../packages/core/src/store/collections';
import { openStore, type Store } from '../packages/core/src/store/connection';
import { generateOsloLog } from './generate-oslo-log';
import { flag } from './support';

const here = dirname(fileURLToPath(import.meta.url));
const BATCH = 1000;

/** The first `count` records of a generated file (generated once, about 450 bytes a record). */
async function realisticRecords(count: number): Promise<ParsedLog[]> {
  const sizeMiB = Math.max(1, Math.ceil((count * 450) / 1024 / 1024));
  const path = join(here, 'out', `ingest-${sizeMiB}MiB.log`);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    await generateOsloLog(path, sizeMiB);
  }
  const records: ParsedLog[] = [];
  const parser = createTextParser({ host: 'bench-host', file: path });
  const splitter = new ChunkLineSplitter(0);
  const sink = (line: string, offset: number): void => void records.push(...parser.push(line, offset));
  const file = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (let position = 0; records.length < count;) {
    const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    splitter.push(buffer.subarray(0, bytesRead), sink);
  }
  await file.close();
  splitter.end(sink);
  records.push(...parser.flush());
  if (records.length < count) throw new Error(`the generated file holds only ${records.length} records`);
  return records.slice(0, count);
}

async function freshStore(name: string): Promise<Store> {
  const uri = process.env.MONGODB_URI || 'mongodb://127.0.0.1:27117/';
  const first = await openStore({ mongodbUri: uri, database: name }, { ensureIndexes: false });
  await first.db.dropDatabase();
  await first.close();
  return openStore({ mongodbUri: uri, database: name });
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const rate = (count: number, seconds: number): string =>
  `${Math.round(count / seconds).toLocaleString('en-US')} records/s`;

/** The same documents without what classification found: the view rollups then have nothing to fold. */
const withoutViews = (docs: StoredLog[]): StoredLog[] =>
  docs.map((doc) => ({ ...doc, fingerprint: null, resources: [] }));

/** CPU seconds of the error fingerprint and resource extraction alone, over the prepared documents. */
function classificationSeconds(docs: readonly StoredLog[]): number {
  const start = process.hrtime.bigint();
  let found = 0;
  for (const doc of docs) {
    if (errorSignature(doc)) found++;
    found += extractResources(doc).length;
  }
  if (found < 0) throw new Error('unreachable');
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function main(): Promise<void> {
  const count = flag('--records', 20000);
  const records = await realisticRecords(count);
  const requests = new Set(records.flatMap((r) => (r.requestId ? [r.requestId] : []))).size;
  const batches = Array.from({ length: Math.ceil(count / BATCH) }, (_, i) => records.slice(i * BATCH, (i + 1) * BATCH));

  const ingestStore = await freshStore(`logcas_bench_ingest_${process.pid}`);
  const plainStore = await freshStore(`logcas_bench_noviews_${process.pid}`);
  const bareStore = await freshStore(`logcas_bench_bare_${process.pid}`);
  try {
    // The three sides take turns batch by batch, so a change in the machine's load hits them alike.
    const stream = new OccurrenceCounter();
    const plainCounter = new OccurrenceCounter();
    const bareCounter = new OccurrenceCounter();
    const plainJournal = batchJournal(plainStore);
    let inserted = 0;
    let ingestSeconds = 0;
    let plainSeconds = 0;
    let bareSeconds = 0;
    let classifySeconds = 0;
    for (const batch of batches) {
      ingestSeconds += await timed(async () => {
        inserted += (await ingest(ingestStore, batch, { occurrences: stream })).inserted;
      });
      plainSeconds += await timed(async () => {
        // The path IngestBatcher takes (journal entry around the write), with nothing for the views.
        const ingestedAt = new Date();
        const docs = withoutViews(prepareLogs(batch, plainCounter, ingestedAt).docs);
        await plainJournal.around({ ingestedAt, ids: docs.map((doc) => doc._id) }, () => storeLogs(plainStore, docs));
      });
      const bareDocs = prepareLogs(batch, bareCounter, new Date()).docs;
      classifySeconds += classificationSeconds(bareDocs);
      bareSeconds += await timed(async () => {
        await bareStore.logs().insertMany(bareDocs, { ordered: false });
      });
    }
    if (inserted !== count) throw new Error(`ingest() stored ${inserted} of ${count} records`);
    const errors = await ingestStore.collection(viewCollection('live', 'errors')).countDocuments();
    const resources = await ingestStore.collection(viewCollection('live', 'resources')).countDocuments();
    // The side without views still ran the classification inside prepareLogs: take its CPU time out.
    const baseSeconds = plainSeconds - classifySeconds;

    const again = new OccurrenceCounter();
    let duplicates = 0;
    const duplicateSeconds = await timed(async () => {
      for (const batch of batches) duplicates += (await ingest(ingestStore, batch, { occurrences: again })).duplicates;
    });
    if (duplicates !== count) throw new Error(`re-ingest found ${duplicates} of ${count} duplicates`);

    const server = `${ingestStore.capabilities.server} ${ingestStore.capabilities.version}`;
    const percent = (part: number): string => `${((part / baseSeconds) * 100).toFixed(1)} %`;
    const lines = [
      `records: ${count} (${requests} request ids, ${errors} error fingerprints, ${resources} resources), batches of ${BATCH}, server ${server}, node ${process.version}`,
      `ingest():          ${ingestSeconds.toFixed(2)} s  ${rate(count, ingestSeconds)}`,
      `without views:     ${baseSeconds.toFixed(2)} s  ${rate(count, baseSeconds)}  (no fingerprint, no resources)`,
      `views cost:        ${(ingestSeconds - baseSeconds).toFixed(2)} s  +${percent(ingestSeconds - baseSeconds)}  (classification CPU ${classifySeconds.toFixed(2)} s = ${percent(classifySeconds)})`,
      `bare insertMany:   ${bareSeconds.toFixed(2)} s  ${rate(count, bareSeconds)}`,
      `ratio (ingest / bare time): ${(ingestSeconds / bareSeconds).toFixed(2)}x`,
      `re-ingest (all duplicates): ${duplicateSeconds.toFixed(2)} s  ${rate(count, duplicateSeconds)}`,
    ];
    for (const line of lines) console.log(line);
    if (!process.argv.includes('--no-write')) writeResults(lines);
  } finally {
    for (const store of [ingestStore, plainStore, bareStore]) {
      await store.db.dropDatabase().catch(() => undefined);
      await store.close();
    }
  }
}

/** Appends this run's figures under "## Ingest" (other sections are left as they are). */
function writeResults(lines: string[]): void {
  const path = join(here, 'RESULTS.md');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  const heading = '## Ingest';
  const run = `\nRun ${new Date().toISOString()} (\`npx tsx bench/ingest.ts --records ${lines[0]?.split(' ')[1]}\`):\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`;
  const at = text.indexOf(`\n${heading}\n`);
  if (at < 0) {
    writeFileSync(path, `${text.trimEnd()}\n\n${heading}\n${run}`);
    return;
  }
  const next = text.indexOf('\n## ', at + heading.length + 2);
  const end = next < 0 ? text.length : next;
  writeFileSync(path, `${text.slice(0, end).trimEnd()}\n${run}${text.slice(end)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
