/**
 * Seeds (or grows) the benchmark database with realistic cloud traffic through the real ingest(), hour by
 * hour, and reports the load rate; on realdb it then runs ANALYZE and prints table and index sizes.
 */
import { readFlags } from './lib/args';
import { analyze, connectRealDb, engineName, relationSizes, serverCpuSeconds } from './lib/engine';
import { formatCount, machine, mongodbUri, openBenchStore, saveRun } from './lib/run';
import { seedTo, seededSpan } from './lib/seed';
import { DEFAULT_TRAFFIC } from './lib/traffic';

const flags = readFlags(
  `
Seeds the benchmark database with the traffic of a 200-compute cloud (demo generator's mix, long live
migrations) through ingest(), until it holds at least --logs logs; resumes where the last run stopped.
  MONGODB_URI=... npx tsx bench/seed.ts --logs 1m [--db logcas_bench]`,
  {
    logs: { fallback: '1m', help: 'logs the database must hold at least (1m, 10m, or a number)' },
    db: { fallback: 'logcas_bench', help: 'database name' },
    batch: { fallback: 1000, help: 'records per ingest() call' },
    concurrency: { fallback: 1, help: 'ingest() calls in flight (2+ deadlocks on realdb: see bench/engine-bugs.ts)' },
  },
);

async function main(): Promise<void> {
  const target = flags.number('logs');
  const database = flags.text('db');
  const store = await openBenchStore(database);
  const pg = connectRealDb(mongodbUri());
  console.error(`${await engineName(store.db, pg)}; database ${database}; ${machine()}`);
  const cpuBefore = serverCpuSeconds();
  const wallBefore = performance.now();
  const hours: Array<{ hour: number; logs: number; seconds: number; rate: number; total: number }> = [];
  const state = await seedTo(
    store,
    target,
    {
      batch: flags.number('batch'),
      concurrency: flags.number('concurrency'),
      onHour: (now, seconds, logs) => {
        hours.push({ hour: now.hours - 1, logs, seconds, rate: logs / seconds, total: now.logs });
        console.error(
          `hour ${now.hours - 1}: ${formatCount(logs)} logs in ${seconds.toFixed(1)} s (${formatCount(logs / seconds)}/s); total ${formatCount(now.logs)}`,
        );
      },
    },
    DEFAULT_TRAFFIC,
  );
  const wall = (performance.now() - wallBefore) / 1000;
  const cpuAfter = serverCpuSeconds();
  const added = hours.reduce((sum, h) => sum + h.logs, 0);
  const span = seededSpan(state);
  console.log(
    `seed: ${formatCount(state.logs)} logs, ${state.hours} hours (${span.from.toISOString()} – ${span.to.toISOString()}); ` +
      `this run added ${formatCount(added)} in ${wall.toFixed(0)} s (${formatCount(added / Math.max(wall, 1e-9))}/s)` +
      (cpuBefore !== null && cpuAfter !== null && added > 0
        ? `, server CPU ${(cpuAfter - cpuBefore).toFixed(0)} s (${(((cpuAfter - cpuBefore) / added) * 1e6).toFixed(0)} µs/log)`
        : ''),
  );
  let sizes: ReturnType<typeof relationSizes> | null = null;
  if (pg) console.log(`ANALYZE: ${analyze(pg).toFixed(1)} s`);
  const counts = {
    logs: await store.logs().estimatedDocumentCount(),
    requests: await store.requests().estimatedDocumentCount(),
    volume: await store.volume().estimatedDocumentCount(),
  };
  console.log(`collections: ${JSON.stringify(counts)}`);
  if (pg) {
    sizes = relationSizes(pg, database).filter((row) => row.bytes > 0);
    for (const row of sizes)
      console.log(`  ${row.collection} ${row.index ?? '(heap)'}: ${(row.bytes / 2 ** 20).toFixed(0)} MiB`);
  }
  saveRun(`seed-${database}`, { state, hours, wall, counts, sizes, machine: machine() });
  await store.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
