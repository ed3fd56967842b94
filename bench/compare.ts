/**
 * Two runs of bench/api.ts side by side (their raw figures in bench/out/), for the growth of each route with
 * the data: p95 of each, their ratio, and what the engine read in each. Routes are matched by name.
 *   npx tsx bench/compare.ts bench/out/api-<smaller>.json[,<more of it>.json] bench/out/api-<larger>.json
 */
import { readFileSync } from 'node:fs';
import { formatCount, quantile } from './lib/run';

interface RawRow {
  family: string;
  name: string;
  apiP95: number[];
  indexEntries: number | null;
  documents: number | null;
  /** API median over the bare driver's median doing the same work. */
  ratio: number;
}

interface RawRun {
  engine: string;
  state: { logs: number; hours: number };
  machine: string;
  rows: RawRow[];
}

const [smallerPath, largerPath] = process.argv.slice(2);
if (!smallerPath || !largerPath) {
  console.error('usage: npx tsx bench/compare.ts <api run A>.json <api run B>.json');
  process.exit(2);
}
/** One run, or several runs of one database given as `a.json,b.json` (e.g. a family measured apart). */
const read = (paths: string): RawRun => {
  const runs = paths.split(',').map((path) => JSON.parse(readFileSync(path, 'utf8')) as RawRun);
  return { ...(runs[0] as RawRun), rows: runs.flatMap((run) => run.rows) };
};
const [a, b] = [read(smallerPath), read(largerPath)];
/** The median over a run's rounds (api.ts keeps each round's p95). */
const median = (values: number[]): number =>
  quantile(
    [...values].sort((x, y) => x - y),
    0.5,
  );
const count = (n: number | null): string => (n === null ? '—' : formatCount(n));

console.log(`A: ${formatCount(a.state.logs)} logs over ${a.state.hours} h — ${a.engine}; ${a.machine}`);
console.log(`B: ${formatCount(b.state.logs)} logs over ${b.state.hours} h — ${b.engine}; ${b.machine}\n`);
console.log('| route | p95 A ms | p95 B ms | B / A | index entries A → B | documents A → B | API / driver B (p50) |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
const byName = new Map(b.rows.map((row) => [row.name, row]));
const tally = { routes: 0, fast: 0, flat: 0, thin: 0 };
for (const row of a.rows) {
  const other = byName.get(row.name);
  if (!other) continue;
  const [p95a, p95b] = [median(row.apiP95), median(other.apiP95)];
  tally.routes += 1;
  if (p95b <= 100) tally.fast += 1;
  if (p95b / p95a <= 1.5) tally.flat += 1;
  if (other.ratio <= 1.2) tally.thin += 1;
  console.log(
    `| ${row.name} | ${p95a.toFixed(1)} | ${p95b.toFixed(1)} | ${(p95b / p95a).toFixed(2)} | ` +
      `${count(row.indexEntries)} → ${count(other.indexEntries)} | ${count(row.documents)} → ${count(other.documents)} | ` +
      `${other.ratio.toFixed(2)} |`,
  );
}
console.log(
  `\nof ${tally.routes} routes: p95 B ≤ 100 ms ${tally.fast}, B / A ≤ 1.5 ${tally.flat}, API / driver ≤ 1.2 ${tally.thin}`,
);
// A route B did not time (it failed there: api.ts lists it under failures) is named, not dropped silently.
const unmatched = a.rows.filter((row) => !byName.has(row.name)).map((row) => row.name);
if (unmatched.length > 0) console.log(`not in B: ${unmatched.join('; ')}`);
