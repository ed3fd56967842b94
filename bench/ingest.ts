/**
 * Ingest benchmark: N realistic records (oslo.log text from generate-oslo-log.ts, parsed by the real parser)
 * go through `ingest()` (stable ids, redaction, insert, request summaries, volume) into a fresh database, in
 * batches of 1000 as file ingestion does; in the same run the same prepared documents go through a bare
 * `insertMany` into another fresh database with the same indexes. Prints both rates and their ratio, then
 * the rate of re-ingesting everything (all duplicates), and writes bench/RESULTS.md "## Ingest".
 *   npx tsx bench/ingest.ts [--records N] [--no-write]     (MONGODB_URI, default the test FerretDB)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingest } from '../packages/core/src/ingest/ingest';
import { prepareLogs } from '../packages/core/src/ingest/prepare';
import { OccurrenceCounter } from '../packages/core/src/ingest/stable-id';
import type { ParsedLog } from '../packages/core/src/model/record';
import { ChunkLineSplitter } from '../packages/core/src/parse/line-splitter';
import { createTextParser } from '../packages/core/src/parse/oslo-text';
import { openStore, type Store } from '../packages/core/src/store/connection';
import { generateOsloLog } from './generate-oslo-log';

const here = dirname(fileURLToPath(import.meta.url));
const BATCH = 1000;

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive whole number`);
  return value;
}

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

async function main(): Promise<void> {
  const count = flag('--records', 20000);
  const records = await realisticRecords(count);
  const requests = new Set(records.flatMap((r) => (r.requestId ? [r.requestId] : []))).size;
  const batches = Array.from({ length: Math.ceil(count / BATCH) }, (_, i) => records.slice(i * BATCH, (i + 1) * BATCH));

  const ingestStore = await freshStore(`logcas_bench_ingest_${process.pid}`);
  const bareStore = await freshStore(`logcas_bench_bare_${process.pid}`);
  try {
    const stream = new OccurrenceCounter();
    let inserted = 0;
    const ingestSeconds = await timed(async () => {
      for (const batch of batches) inserted += (await ingest(ingestStore, batch, { occurrences: stream })).inserted;
    });
    if (inserted !== count) throw new Error(`ingest() stored ${inserted} of ${count} records`);

    const bareCounter = new OccurrenceCounter();
    const bareDocs = batches.map((batch) => prepareLogs(batch, bareCounter, new Date()));
    const bareSeconds = await timed(async () => {
      for (const batch of bareDocs) await bareStore.logs().insertMany(batch, { ordered: false });
    });

    const again = new OccurrenceCounter();
    let duplicates = 0;
    const duplicateSeconds = await timed(async () => {
      for (const batch of batches) duplicates += (await ingest(ingestStore, batch, { occurrences: again })).duplicates;
    });
    if (duplicates !== count) throw new Error(`re-ingest found ${duplicates} of ${count} duplicates`);

    const server = `${ingestStore.capabilities.server} ${ingestStore.capabilities.version}`;
    const lines = [
      `records: ${count} (${requests} request ids), batches of ${BATCH}, server ${server}, node ${process.version}`,
      `ingest():          ${ingestSeconds.toFixed(2)} s  ${rate(count, ingestSeconds)}`,
      `bare insertMany:   ${bareSeconds.toFixed(2)} s  ${rate(count, bareSeconds)}`,
      `ratio (ingest / bare time): ${(ingestSeconds / bareSeconds).toFixed(2)}x`,
      `re-ingest (all duplicates): ${duplicateSeconds.toFixed(2)} s  ${rate(count, duplicateSeconds)}`,
    ];
    for (const line of lines) console.log(line);
    if (!process.argv.includes('--no-write')) writeResults(lines);
  } finally {
    await ingestStore.db.dropDatabase().catch(() => undefined);
    await bareStore.db.dropDatabase().catch(() => undefined);
    await ingestStore.close();
    await bareStore.close();
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
