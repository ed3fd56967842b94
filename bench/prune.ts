/**
 * Retention at scale, on the seeded database, with the API (own process) serving a dashboard's mix of calls
 * throughout: p50/p95 per route while idle, then while `logcas prune` (the real CLI, its own process) deletes
 * the oldest day (`--hours` of event time), then while a sliced prune (a prototype: the same deletes in
 * 10-minute slices of event time) deletes the next. With --ttl on an engine with TTL indexes, a third step is
 * left to core's TTL indexes (`retain`, as `logcas prune --ttl`): how long the engine takes to expire it and
 * the API's p95 meanwhile.
 * Destroys the seed's oldest days: run it last (bench/seed.ts cannot re-add hours it has recorded).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startApiProcess, type ApiProcess } from './lib/api-client';
import { readFlags } from './lib/args';
import { engineName } from './lib/engine';
import { BENCH_DIR, formatCount, machine, mongodbUri, saveRun, summarize } from './lib/run';
import { openSeeded } from './lib/seed';
import { ensureIndexes, retain, TTL_INDEXES, type Store } from './lib/core';

const flags = readFlags(
  `
Prunes the oldest days of the seeded database while the API serves, and compares the API's latency.
  MONGODB_URI=... npx tsx bench/prune.ts [--idle-s 120] [--ttl]`,
  {
    db: { fallback: 'logcas_bench', help: 'seeded database (loses its oldest days)' },
    'idle-s': { fallback: 120, help: 'seconds of API calls before pruning' },
    'slice-min': { fallback: 10, help: 'minutes of event time per delete in the sliced prune' },
    ttl: { help: 'also expire a day through a TTL index on ts (MongoDB, DocumentDB)' },
    'ttl-wait-min': { fallback: 30, help: 'longest wait for the TTL index to expire its day' },
    day: { fallback: 0, help: "first step of the seed to prune (0 = the seed's first; raise it to run again)" },
    hours: { fallback: 24, help: 'event hours each step deletes (a day; less for a seed of under three days)' },
  },
);

const HOUR = 3_600_000;

/** The calls a dashboard makes, in the recent hours (far from the days being deleted). */
function routeMix(end: Date): Array<[string, string]> {
  const iso = (ms: number): string => new Date(ms).toISOString();
  const t = end.getTime();
  return [
    ['logs 1 h INFO+ 1000 desc', `/logs?limit=1000&order=desc&minLevel=INFO&from=${iso(t - HOUR)}&to=${iso(t)}`],
    ['logs 6 h host 1000 desc', `/logs?limit=1000&order=desc&host=compute-042&from=${iso(t - 6 * HOUR)}&to=${iso(t)}`],
    ['requests 1 h start desc 500', `/requests?limit=500&sort=start&order=desc&from=${iso(t - HOUR)}&to=${iso(t)}`],
    ['volume 1 h step 60', `/volume?step=60&from=${iso(t - HOUR)}&to=${iso(t)}`],
    ['values host 1 h', `/values/host?from=${iso(t - HOUR)}&to=${iso(t)}`],
    ['range window ±60 s', `/logs?limit=5000&order=asc&minLevel=DEBUG&around=${iso(t - 2 * HOUR)}&span=60`],
  ];
}

type Latencies = Map<string, number[]>;

/** Calls the mix round-robin until `done()` says stop; returns each route's latencies. */
async function serve(api: ApiProcess, mix: Array<[string, string]>, done: () => boolean): Promise<Latencies> {
  const out: Latencies = new Map(mix.map(([name]) => [name, []]));
  while (!done()) {
    for (const [name, path] of mix) {
      const started = performance.now();
      const answer = await api.get(path);
      if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      out.get(name)?.push(performance.now() - started);
    }
  }
  return out;
}

/** Runs `logcas prune` (the real CLI) with a cutoff at `cutoff`; resolves with its stderr and duration. */
function pruneCli(
  database: string,
  cutoff: number,
): { done: Promise<{ seconds: number; output: string }>; finished: () => boolean } {
  let finished = false;
  const olderThan = `${Math.ceil((Date.now() - cutoff) / 1000)}s`;
  const started = performance.now();
  const child = spawn(
    'npx',
    ['tsx', join(BENCH_DIR, '..', 'packages/core/src/cli/main.ts'), 'prune', '--older-than', olderThan],
    {
      env: { ...process.env, MONGODB_URI: mongodbUri(), LOGCAS_DB: database },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const done = new Promise<{ seconds: number; output: string }>((resolve, reject) =>
    child.on('exit', (code) => {
      finished = true;
      if (code === 0) resolve({ seconds: (performance.now() - started) / 1000, output: output.trim() });
      else reject(new Error(`logcas prune exited with ${code}: ${output}`));
    }),
  );
  return { done, finished: () => finished };
}

/** Prototype: the prune's deletes in slices of event time, oldest first, one slice at a time. */
async function slicedPrune(
  store: Store,
  from: number,
  cutoff: number,
  sliceMs: number,
): Promise<{ logs: number; requests: number; volume: number }> {
  const counts = { logs: 0, requests: 0, volume: 0 };
  for (let at = from; at < cutoff; at += sliceMs) {
    const upper = new Date(Math.min(cutoff, at + sliceMs));
    counts.logs += (await store.logs().deleteMany({ ts: { $lt: upper } })).deletedCount;
    counts.requests += (await store.requests().deleteMany({ end: { $lt: upper } })).deletedCount;
    counts.volume += (await store.volume().deleteMany({ minute: { $lt: upper } })).deletedCount;
  }
  return counts;
}

function table(phases: Array<[string, Latencies]>): string[] {
  const names = [...(phases[0]?.[1].keys() ?? [])];
  const lines = [
    `| route | ${phases.map(([p]) => `${p} p50 / p95 ms (n)`).join(' | ')} | p95 ratio to idle |`,
    `|---|${phases.map(() => '---:').join('|')}|---|`,
  ];
  for (const name of names) {
    const figures = phases.map(([, l]) => summarize(l.get(name) ?? []));
    const idle = figures[0]?.p95 ?? Number.NaN;
    lines.push(
      `| ${name} | ${figures.map((f) => `${f.p50.toFixed(0)} / ${f.p95.toFixed(0)} (${f.n})`).join(' | ')} | ${figures
        .slice(1)
        .map((f) => `${(f.p95 / idle).toFixed(2)}×`)
        .join(', ')} |`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const database = flags.text('db');
  const { store, pg, state, span } = await openSeeded(database);
  const step = flags.number('hours') * HOUR;
  const firstDay = Math.floor(span.from.getTime() / step) * step + flags.number('day') * step;
  const engine = await engineName(store.db, pg);
  const api = await startApiProcess(mongodbUri(), database);
  const mix = routeMix(span.to);
  console.error(
    `${engine}; ${database}: ${formatCount(state.logs)} logs seeded; pruning from ${new Date(firstDay).toISOString()}; ${machine()}`,
  );

  const idleUntil = performance.now() + flags.number('idle-s') * 1000;
  const idle = await serve(api, mix, () => performance.now() > idleUntil);
  console.error('idle done; pruning the first day with logcas prune');

  const cli = pruneCli(database, firstDay + step);
  const duringCli = await serve(api, mix, cli.finished);
  const cliResult = await cli.done;
  console.error(`logcas prune: ${cliResult.seconds.toFixed(0)} s: ${cliResult.output}`);

  let slicedDone = false;
  const slicedStarted = performance.now();
  const sliced = slicedPrune(store, firstDay + step, firstDay + 2 * step, flags.number('slice-min') * 60_000).finally(
    () => (slicedDone = true),
  );
  const duringSliced = await serve(api, mix, () => slicedDone);
  const slicedCounts = await sliced;
  const slicedSeconds = (performance.now() - slicedStarted) / 1000;
  console.error(`sliced prune: ${slicedSeconds.toFixed(0)} s: ${JSON.stringify(slicedCounts)}`);

  const phases: Array<[string, Latencies]> = [
    ['idle', idle],
    ['during logcas prune', duringCli],
    [`during sliced prune (${flags.number('slice-min')} min)`, duringSliced],
  ];
  let ttl: { seconds: number | null; expired: number } | null = null;
  if (flags.has('ttl')) {
    // Core's standing retention (logcas prune --ttl) set to expire the third step now; the engine's own task
    // deletes it (every minute on realdb).
    const cutoff = firstDay + 3 * step;
    const before = await store.logs().countDocuments({ ts: { $lt: new Date(cutoff) } });
    const started = performance.now();
    const retained = await retain(store, { olderThanMs: Date.now() - cutoff });
    if (retained.mode !== 'ttl') throw new Error('this engine has no TTL indexes: run without --ttl');
    const limit = performance.now() + flags.number('ttl-wait-min') * 60_000;
    let left = true;
    // Whether any log of the day is left: one index seek every 10 s.
    const poll = setInterval(() => {
      void store
        .logs()
        .findOne({ ts: { $lt: new Date(cutoff) } }, { projection: { _id: 1 } })
        .then((doc) => (left = doc !== null));
    }, 10_000);
    const duringTtl = await serve(api, mix, () => !left || performance.now() > limit);
    clearInterval(poll);
    const remaining = await store.logs().countDocuments({ ts: { $lt: new Date(cutoff) } });
    ttl = { seconds: remaining === 0 ? (performance.now() - started) / 1000 : null, expired: before - remaining };
    // Back to scheduled prunes: the TTL indexes go, `minute` is rebuilt as declared.
    for (const index of TTL_INDEXES) await store.collection(index.collection).dropIndex(index.name);
    await ensureIndexes(store.db);
    phases.push(['during TTL expiry', duringTtl]);
  }
  await api.stop();
  const lines = table(phases);
  console.log(`\n${engine}; ${database}: ${formatCount(state.logs)} logs seeded over ${state.hours} h; ${machine()}\n`);
  console.log(
    `logcas prune of the first step: ${cliResult.seconds.toFixed(0)} s (${cliResult.output.replace(/\n/g, '; ')})`,
  );
  console.log(`sliced prune of the second step: ${slicedSeconds.toFixed(0)} s (${JSON.stringify(slicedCounts)})`);
  if (ttl)
    console.log(
      `TTL indexes (logcas prune --ttl), third step: ${formatCount(ttl.expired)} logs expired in ${ttl.seconds === null ? `more than ${flags.number('ttl-wait-min')} min` : `${ttl.seconds.toFixed(0)} s`}`,
    );
  console.log(`\n${lines.join('\n')}`);
  saveRun(`prune-${database}`, {
    engine,
    machine: machine(),
    cli: cliResult,
    sliced: { seconds: slicedSeconds, counts: slicedCounts },
    ttl,
    phases: phases.map(([name, l]) => [name, Object.fromEntries(l)]),
  });
  await store.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
