/** What the benchmark scripts share: their flags, sequential HTTP over one keep-alive socket, quantiles, RESULTS.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/RESULTS.md */
export const RESULTS_PATH = join(dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');

/** A `--name N` flag: a positive whole number, or `fallback` when absent. */
export function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive whole number`);
  return value;
}

/** One socket, kept alive: requests run one after another, as the latency figures assume. */
export const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

/** GET `${base}/api/v1${path}` over the keep-alive socket. */
export function httpGet(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/v1${path}`, { agent: keepAlive }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The q-quantile of ascending `sorted` (nearest rank). */
export const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))] as number;

/** Replaces the section starting with `heading` (`## …`) in RESULTS.md by `section`, or appends it. */
export function writeResultsSection(heading: string, section: string): void {
  const current = existsSync(RESULTS_PATH) ? readFileSync(RESULTS_PATH, 'utf8') : '# Benchmark results\n';
  const start = current.indexOf(`${heading}\n`);
  const next = start < 0 ? -1 : current.indexOf('\n## ', start + 1);
  const updated =
    start < 0
      ? `${current.trimEnd()}\n\n${section}`
      : `${current.slice(0, start)}${section}${next < 0 ? '' : `\n${current.slice(next + 1)}`}`;
  writeFileSync(RESULTS_PATH, updated.endsWith('\n') ? updated : `${updated}\n`);
  console.error(`wrote ${RESULTS_PATH}`);
}
