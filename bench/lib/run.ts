/** What every benchmark script shares: the store it works on, statistics, and where its raw figures go. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from './core';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The test FerretDB of this repository; any MongoDB-wire server works through MONGODB_URI. */
export const DEFAULT_URI = 'mongodb://127.0.0.1:27117/';

export function mongodbUri(): string {
  return process.env.MONGODB_URI || DEFAULT_URI;
}

export function openBenchStore(database: string, ensureIndexes = true): Promise<Store> {
  return openStore({ mongodbUri: mongodbUri(), database }, { ensureIndexes, serverSelectionTimeoutMS: 30_000 });
}

/** Nearest-rank quantile of an ascending list. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export function summarize(values: readonly number[]): {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
} {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Median and the spread (min–max) of repeated figures, as `median (min–max)`. */
export function medianSpread(values: readonly number[], digits = 1): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  if (sorted.length < 2) return median.toFixed(digits);
  return `${median.toFixed(digits)} (${(sorted[0] as number).toFixed(digits)}–${(sorted[sorted.length - 1] as number).toFixed(digits)})`;
}

/** The machine and its load right now, for the record of a run. */
export function machine(): string {
  const cpu = cpus();
  return `${cpu.length}× ${cpu[0]?.model ?? 'cpu'}, load ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}, node ${process.version}`;
}

/** Writes a run's raw figures to bench/out/<name>-<time>.json (not committed) and returns the path. */
export function saveRun(name: string, data: unknown): string {
  const path = join(BENCH_DIR, 'out', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  return path;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
