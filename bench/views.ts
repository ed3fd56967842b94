/**
 * Error and resource views benchmark: N realistic records (oslo.log text from generate-oslo-log.ts, parsed by
 * the real parser, streamed) go through `IngestBatcher` (the one ingest path, views rolled up at ingest) into
 * `logcas_views_bench_<N>` once (a marker in `meta` lets later runs reuse it), then each route is asked
 * sequentially over a keep-alive socket: median and p95 latency. Prints the load rate and the table, and
 * writes bench/RESULTS.md "## Error and resource views".
 *   npx tsx bench/views.ts [--logs N] [--samples N]     (MONGODB_URI, default the test FerretDB)
 */
import { existsSync, mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../packages/core/src/api/server';
import { loadConfig } from '../packages/core/src/config';
import { IngestBatcher } from '../packages/core/src/ingest/ingest';
import { ChunkLineSplitter } from '../packages/core/src/parse/line-splitter';
import { createTextParser } from '../packages/core/src/parse/oslo-text';
import { viewCollection, type StoredError, type StoredResource } from '../packages/core/src/store/collections';
import { openStore, type Store } from '../packages/core/src/store/connection';
import { generateOsloLog } from './generate-oslo-log';
import { flag, httpGet, keepAlive, quantile, writeResultsSection } from './support';

const here = dirname(fileURLToPath(import.meta.url));
const SEED_MARKER = 'bench.views.seed';
const BATCH = 5000;

/** Streams the first `count` records of a generated file (about 450 bytes a record) through ingestion. */
async function load(store: Store, count: number): Promise<{ seconds: number; inserted: number }> {
  const sizeMiB = Math.max(1, Math.ceil((count * 460) / 1024 / 1024));
  const path = join(here, 'out', `ingest-${sizeMiB}MiB.log`);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    await generateOsloLog(path, sizeMiB);
  }
  const started = process.hrtime.bigint();
  const batcher = new IngestBatcher(store, { batchSize: BATCH });
  const parser = createTextParser({ host: 'bench-host', file: path });
  const splitter = new ChunkLineSplitter(0);
  let parsed = 0;
  let inserted = 0;
  const sink = (line: string, offset: number): void => {
    const records = parser.push(line, offset).slice(0, Math.max(0, count - parsed));
    parsed += records.length;
    batcher.add(records);
  };
  const file = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (let position = 0; parsed < count;) {
    const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    splitter.push(buffer.subarray(0, bytesRead), sink);
    inserted += (await batcher.storeFull()).inserted;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stderr.write(`\rloaded ${inserted}/${count} logs, ${Math.round(inserted / seconds)} logs/s`);
  }
  await file.close();
  splitter.end(sink);
  if (parsed < count) batcher.add(parser.flush().slice(0, count - parsed));
  inserted += (await batcher.flush()).inserted;
  process.stderr.write('\n');
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, inserted };
}

async function main(): Promise<void> {
  const logs = flag('--logs', 100_000);
  const samples = flag('--samples', 20);
  const config = loadConfig(process.env, {
    mongodbUri: process.env.MONGODB_URI || 'mongodb://127.0.0.1:27117/',
    database: `logcas_views_bench_${logs}`,
    apiToken: undefined,
  });
  let store = await openStore(config);
  let loadLine = 'reused an earlier load';
  const marker = await store.meta().findOne({ _id: SEED_MARKER });
  if (!marker || marker.count !== logs) {
    await store.db.dropDatabase();
    await store.close();
    store = await openStore(config);
    const { seconds, inserted } = await load(store, logs);
    await store.meta().insertOne({ _id: SEED_MARKER, count: logs });
    loadLine = `loaded ${inserted} logs through IngestBatcher (batches of ${BATCH}) in ${seconds.toFixed(0)} s: ${Math.round(inserted / seconds)} logs/s`;
  }
  console.error(loadLine);
  const server = await startServer(config, { port: 0, bind: '127.0.0.1', store });

  // Inputs from the data: its whole span, an hour inside it, the top fingerprint, the busiest instance.
  const errors = store.collection<StoredError>(viewCollection('live', 'errors'));
  const resources = store.collection<StoredResource>(viewCollection('live', 'resources'));
  const [first] = await errors.find().sort({ firstSeen: 1 }).limit(1).toArray();
  const [last] = await errors.find().sort({ lastSeen: -1 }).limit(1).toArray();
  const [top] = await errors.find().sort({ count: -1 }).limit(1).toArray();
  const [busiest] = await resources.find({ kinds: 'instance' }).sort({ count: -1 }).limit(1).toArray();
  if (!first || !last || !top || !busiest) throw new Error('the loaded data has no error or instance summary');
  const from = first.firstSeen.toISOString();
  const to = last.lastSeen.toISOString();
  const hourTo = new Date(Math.min(last.lastSeen.getTime(), first.firstSeen.getTime() + 3600_000)).toISOString();
  const counts = {
    logs: await store.logs().estimatedDocumentCount(),
    errors: await errors.countDocuments(),
    resources: await resources.countDocuments(),
  };
  const cases: Array<[string, string]> = [
    ['GET /errors (whole span, by count)', `/errors?from=${from}&to=${to}`],
    ['GET /errors (1 h, by last seen)', `/errors?from=${from}&to=${hourTo}&sort=lastSeen`],
    ['GET /errors (whole span, new only)', `/errors?from=${from}&to=${to}&newOnly=true`],
    ['GET /errors (host + minLevel ERROR)', `/errors?from=${from}&to=${to}&host=bench-host&minLevel=ERROR`],
    ['GET /errors/:fingerprint (top)', `/errors/${top._id}?from=${from}&to=${to}`],
    ['GET /resources (whole span, failures first)', `/resources?from=${from}&to=${to}`],
    [`GET /resources/:id (busiest instance, ${busiest.requestCount} requests)`, `/resources/${busiest._id}`],
    ['GET /resources/:id (page 2 by cursor)', ''],
  ];
  const page1 = JSON.parse((await httpGet(server.url, `/resources/${busiest._id}`)).body);
  if (!page1.nextCursor) cases.pop();
  else (cases[cases.length - 1] as [string, string])[1] = `/resources/${busiest._id}?cursor=${page1.nextCursor}`;

  const rows = ['| route | median ms | p95 ms | samples |', '|---|---:|---:|---:|'];
  for (const [name, path] of cases) {
    const check = await httpGet(server.url, path);
    if (check.status !== 200) throw new Error(`${path} answered ${check.status}: ${check.body.slice(0, 200)}`);
    const times: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      const t = performance.now();
      await httpGet(server.url, path);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const row = `| ${name} | ${quantile(times, 0.5).toFixed(1)} | ${quantile(times, 0.95).toFixed(1)} | ${samples} |`;
    rows.push(row);
    console.log(row);
  }
  await server.close();
  await store.close();
  keepAlive.destroy();

  const section = [
    '## Error and resource views',
    '',
    `\`npx tsx bench/views.ts --logs ${logs}\` on ${new Date().toISOString().slice(0, 10)}: ` +
      `${store.capabilities.server} ${store.capabilities.version}, database ${config.database}: ${counts.logs} logs, ` +
      `${counts.errors} error fingerprints, ${counts.resources} resources; ${loadLine}. Sequential requests over a ` +
      'keep-alive socket, API page size 100.',
    '',
    ...rows,
    '',
  ].join('\n');
  writeResultsSection('## Error and resource views', section);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
