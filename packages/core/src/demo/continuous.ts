/**
 * `logcas demo --continuous --out DIR`: keeps appending demo traffic to oslo.log files
 * (`DIR/<host>/<service>.log`) in real time, so `logcas ingest --follow` can tail them.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { IoError } from '../errors';
import { createDemoFeed } from './feed';
import type { DemoLine } from './generator';
import { demoFilePath } from './load';

export interface ContinuousDemoOptions {
  out: string;
  seed?: number;
  operationsPerMinute?: number;
  failureRate?: number;
  /** How often lines are flushed to the files (default 1 s). */
  tickMs?: number;
  /** Stops when aborted. */
  signal?: AbortSignal;
  onWrite?: (written: { lines: number; total: number }) => void;
}

/** Runs until `signal` aborts; returns the number of lines written. */
export async function runContinuousDemo(options: ContinuousDemoOptions): Promise<number> {
  const feed = createDemoFeed(options);
  let total = 0;
  while (!options.signal?.aborted) {
    const ready = feed.due(Date.now());
    if (ready.length > 0) {
      await writeLines(options.out, ready);
      total += ready.length;
      options.onWrite?.({ lines: ready.length, total });
    }
    await sleep(options.tickMs ?? 1000, options.signal);
  }
  return total;
}

/** Appends lines to their files, one write per file. */
async function writeLines(out: string, lines: readonly DemoLine[]): Promise<void> {
  const byFile = new Map<string, string[]>();
  for (const line of lines) {
    const path = join(out, demoFilePath(line));
    const list = byFile.get(path);
    if (list) list.push(line.text);
    else byFile.set(path, [line.text]);
  }
  for (const [path, texts] of byFile) {
    try {
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, `${texts.join('\n')}\n`);
    } catch (error) {
      throw new IoError(`demo: can not write ${path}: ${(error as Error).message}`, { cause: error });
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
