/**
 * API benchmark over the realistic seed (bench/seed.ts): every route and filter combination the Grafana
 * datasource sends, through the API running as its own process, next to the bare driver doing the same work.
 * Per case and round: p50/p95/p99 of sequential calls (API and driver interleaved); over rounds: the median and
 * the spread. Then, per case, what the engine read for one API call (realdb: index entries and documents from
 * PostgreSQL's statistics; MongoDB: explain's executionStats) and the plan of the main query. Ends with the API
 * process's memory. Prints a markdown table; raw figures go to bench/out/.
 */
import { readFileSync } from 'node:fs';
import { apiCases, findSamples, type ApiCase } from './lib/api-cases';
import { startApiProcess } from './lib/api-client';
import { readFlags } from './lib/args';
import { analyze, connectRealDb, engineName, ScanMeter, summarizeExplain } from './lib/engine';
import {
  formatCount,
  machine,
  medianSpread,
  mongodbUri,
  openBenchStore,
  quantile,
  saveRun,
  summarize,
} from './lib/run';
import { readSeed, seedTo, seededSpan } from './lib/seed';

const flags = readFlags(
  `
Times every route the Grafana datasource calls, API (own process) against the bare driver, on the seeded
database (seeding or growing it first when it holds fewer than --logs logs).
  MONGODB_URI=... npx tsx bench/api.ts --logs 1m [--rounds 3] [--family views] [--only 'requests']`,
  {
    logs: { fallback: '1m', help: 'logs the seeded database must hold at least' },
    db: { fallback: 'logcas_bench', help: 'database name' },
    samples: { fallback: 20, help: 'calls per case and round (each side)' },
    'budget-s': { fallback: 15, help: 'seconds per case and round before stopping early (at least 3 samples)' },
    rounds: { fallback: 3, help: 'rounds over all cases; figures are medians over rounds (0: only reads and plans)' },
    family: {
      fallback: '',
      help: 'run only these route families, comma-separated (logs, requests, detail, volume, values, views)',
    },
    only: { fallback: '', help: 'run only cases whose name matches this regular expression' },
    'no-examined': { help: 'skip the per-case engine statistics (each needs a few idle seconds)' },
  },
);

interface RoundFigures {
  api: ReturnType<typeof summarize>;
  driver: ReturnType<typeof summarize>;
}

function peakRssMiB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

async function timeCase(c: ApiCase, get: (path: string) => Promise<unknown>): Promise<RoundFigures> {
  const api: number[] = [];
  const driver: number[] = [];
  const started = performance.now();
  const samples = flags.number('samples');
  const budget = flags.number('budget-s') * 1000;
  for (let i = 0; i < samples && (i < 3 || performance.now() - started < budget); i += 1) {
    let t = performance.now();
    await get(c.path);
    api.push(performance.now() - t);
    t = performance.now();
    await c.driver.run();
    driver.push(performance.now() - t);
  }
  return { api: summarize(api), driver: summarize(driver) };
}

async function main(): Promise<void> {
  const database = flags.text('db');
  const uri = mongodbUri();
  const store = await openBenchStore(database);
  const pg = connectRealDb(uri);
  const engine = await engineName(store.db, pg);
  const before = (await readSeed(store))?.logs ?? 0;
  const state = await seedTo(store, flags.number('logs'), {
    batch: 1000,
    concurrency: 1,
    onHour: (now) => process.stderr.write(`\rseeding: ${formatCount(now.logs)} logs`),
  });
  if (state.logs !== before && pg) console.error(`\nANALYZE after seeding: ${analyze(pg).toFixed(1)} s`);
  const span = seededSpan(state);
  const api = await startApiProcess(uri, database);
  console.error(
    `${engine}; ${database}: ${formatCount(state.logs)} logs over ${state.hours} h; API pid ${api.pid}; ${machine()}`,
  );

  const samples = await findSamples(store, api, span.to, span.from);
  const only = flags.text('only') ? new RegExp(flags.text('only')) : null;
  const families = flags.text('family') ? new Set(flags.text('family').split(',')) : null;
  const chosen = apiCases(store, samples).filter(
    (c) => (!families || families.has(c.family)) && (!only || only.test(c.name)),
  );
  if (chosen.length === 0) throw new Error('no case matches --family and --only');

  // A route that fails (e.g. past the API's time limit) is reported and left out of the timings, not the run.
  const mismatches: string[] = [];
  const failures: string[] = [];
  const cases: ApiCase[] = [];
  for (const c of chosen) {
    const answer = await api.get(c.path);
    if (answer.status !== 200) {
      failures.push(`${c.name}: ${c.path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
      console.error(`FAILED: ${failures[failures.length - 1]}`);
      continue;
    }
    cases.push(c);
    const fromApi = c.digest(JSON.parse(answer.body));
    const fromDriver = await c.driver.run();
    if (JSON.stringify(fromApi) !== JSON.stringify(fromDriver))
      mismatches.push(
        `${c.name}: API ${fromApi.length} rows / driver ${fromDriver.length} (first ${fromApi[0]} vs ${fromDriver[0]})`,
      );
  }
  for (const line of mismatches) console.error(`DIFFERENT ANSWERS: ${line}`);

  const rounds: RoundFigures[][] = cases.map(() => []);
  const memory: Array<{ round: number; rssMiB: number; heapUsedMiB: number; peakRssMiB: number | null }> = [];
  for (let round = 0; round < flags.number('rounds'); round += 1) {
    for (const [i, c] of cases.entries()) {
      const figures = await timeCase(c, api.get);
      rounds[i]?.push(figures);
      process.stderr.write(
        `\rround ${round + 1}: ${i + 1}/${cases.length} ${c.name.slice(0, 50).padEnd(50)} p95 ${figures.api.p95.toFixed(0)} ms   `,
      );
    }
    const usage = await api.memory();
    memory.push({
      round: round + 1,
      rssMiB: usage.rss / 2 ** 20,
      heapUsedMiB: usage.heapUsed / 2 ** 20,
      peakRssMiB: peakRssMiB(api.pid),
    });
  }
  process.stderr.write('\n');

  const reads: Array<{ indexEntries: number | null; documents: number | null; plan: string }> = [];
  const meter = pg && !flags.has('no-examined') ? new ScanMeter(pg, database) : null;
  for (const c of cases) {
    let plan = '';
    let docs: number | null = null;
    let keys: number | null = null;
    try {
      const summary = summarizeExplain(await c.driver.explain());
      plan = summary.plan;
      docs = summary.docsExamined;
      keys = summary.keysExamined;
    } catch (error) {
      plan = `explain failed: ${(error as Error).message.slice(0, 80)}`;
    }
    if (meter) {
      const counted = await meter.measure(() => api.get(c.path));
      docs = counted.documents;
      keys = counted.indexEntries;
    }
    reads.push({ indexEntries: keys, documents: docs, plan });
  }
  await api.stop();

  const median = (values: number[]): number =>
    quantile(
      [...values].sort((a, b) => a - b),
      0.5,
    );
  const header =
    '| route | API p50 ms | API p95 ms (spread) | API p99 ms | driver p50 ms | driver p95 ms | API/driver p50 | index entries | documents |';
  console.log(
    `\n${engine}, database ${database}: ${formatCount(state.logs)} logs (${span.from.toISOString()} – ${span.to.toISOString()}), ` +
      `${flags.number('rounds')} rounds × up to ${flags.number('samples')} calls; ${machine()}\n`,
  );
  console.log(header);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const rows = cases.map((c, i) => {
    const r = rounds[i] as RoundFigures[];
    const apiP50 = median(r.map((x) => x.api.p50));
    const driverP50 = median(r.map((x) => x.driver.p50));
    const read = reads[i];
    const row = {
      family: c.family,
      name: c.name,
      calls: r.reduce((sum, x) => sum + x.api.n, 0),
      apiP50,
      apiP95: r.map((x) => x.api.p95),
      apiP99: median(r.map((x) => x.api.p99)),
      driverP50,
      driverP95: median(r.map((x) => x.driver.p95)),
      ratio: apiP50 / driverP50,
      ...read,
    };
    console.log(
      `| ${c.name} | ${apiP50.toFixed(1)} | ${medianSpread(row.apiP95)} | ${row.apiP99.toFixed(1)} | ${driverP50.toFixed(1)} | ${row.driverP95.toFixed(1)} | ${row.ratio.toFixed(2)} | ${read?.indexEntries === null || read?.indexEntries === undefined ? '—' : formatCount(read.indexEntries)} | ${read?.documents === null || read?.documents === undefined ? '—' : formatCount(read.documents)} |`,
    );
    return row;
  });
  console.log('\nPlans of the main query (engine explain):');
  for (const row of rows) console.log(`- ${row.name}: ${row.plan}`);
  console.log(
    `\nAPI process memory after each round: ${memory.map((m) => `RSS ${m.rssMiB.toFixed(0)} MiB (peak ${m.peakRssMiB?.toFixed(0) ?? '?'}), heap ${m.heapUsedMiB.toFixed(0)} MiB`).join('; ')}`,
  );
  if (mismatches.length > 0) console.log(`\nAPI and driver answered differently: ${mismatches.join('; ')}`);
  if (failures.length > 0) console.log(`\nRoutes that failed (not timed): ${failures.join('; ')}`);
  const saved = saveRun(`api-${database}-${state.logs}`, {
    engine,
    database,
    state,
    machine: machine(),
    rows,
    memory,
    mismatches,
    failures,
  });
  console.error(`raw figures: ${saved}`);
  await store.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
