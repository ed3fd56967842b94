/**
 * `logcas demo` (burst) and `npm start`: recent demo traffic through the real text parser and ingest(),
 * one parser per service log file, as `logcas ingest` would read the files.
 */
import type { ParsedLog } from '../model/record';
import { createTextParser } from '../parse/oslo-text';
import { IngestBatcher } from '../ingest/ingest';
import type { Store } from '../store/connection';
import { generateDemoLines, type DemoLine } from './generator';

export interface LoadDemoOptions {
  /** How much traffic, ending now (default 15 minutes). */
  durationMs?: number;
  /** End of the traffic (default now). */
  now?: Date;
  seed?: number;
  operationsPerMinute?: number;
  failureRate?: number;
  /** Records per stored batch (default 2000). */
  batchSize?: number;
  /** Called after each stored batch. */
  onProgress?: (progress: LoadDemoResult) => void;
  /** Stops between batches once aborted (what was stored stays), so a Ctrl-C is not held up by the burst. */
  signal?: AbortSignal;
}

export interface LoadDemoResult {
  files: number;
  lines: number;
  records: number;
  inserted: number;
  duplicates: number;
}

/** The path a demo line belongs to, relative to the demo's output folder: `<host>/<service>.log`. */
export function demoFilePath(line: Pick<DemoLine, 'host' | 'service'>): string {
  return `${line.host}/${line.service}.log`;
}

/** Groups lines by file, keeping each file's order. */
export function linesByFile(lines: readonly DemoLine[]): Map<string, DemoLine[]> {
  const files = new Map<string, DemoLine[]>();
  for (const line of lines) {
    const path = demoFilePath(line);
    const list = files.get(path);
    if (list) list.push(line);
    else files.set(path, [line]);
  }
  return files;
}

/** Parses one file's lines as `logcas ingest` would: byte offsets, host and service from the path. */
export function parseDemoFile(path: string, lines: readonly DemoLine[]): ParsedLog[] {
  const first = lines[0];
  const parser = createTextParser({ host: first?.host, service: first?.service, file: `demo/${path}` });
  const records: ParsedLog[] = [];
  let offset = 0;
  for (const line of lines) {
    records.push(...parser.push(line.text, offset));
    offset += Buffer.byteLength(line.text) + 1;
  }
  records.push(...parser.flush());
  return records;
}

export async function loadDemo(store: Store, options: LoadDemoOptions = {}): Promise<LoadDemoResult> {
  const to = (options.now ?? new Date()).getTime();
  const from = to - (options.durationMs ?? 15 * 60000);
  const lines = generateDemoLines({
    from,
    to,
    seed: options.seed,
    operationsPerMinute: options.operationsPerMinute,
    failureRate: options.failureRate,
  });
  const files = linesByFile(lines);
  const result: LoadDemoResult = { files: files.size, lines: lines.length, records: 0, inserted: 0, duplicates: 0 };
  const batchSize = options.batchSize ?? 2000;
  for (const [path, fileLines] of files) {
    // One batcher (one occurrence counter) per file: each file is one stream, as `logcas ingest` reads it.
    const batcher = new IngestBatcher(store, {
      batchSize,
      afterStore: (records, stored) => {
        result.records += records;
        result.inserted += stored.inserted;
        result.duplicates += stored.duplicates;
        options.onProgress?.({ ...result });
      },
    });
    // Fed a batch at a time, so an abort stops between batches (what was stored stays).
    const records = parseDemoFile(path, fileLines);
    for (let i = 0; i < records.length; i += batchSize) {
      if (options.signal?.aborted) return result;
      batcher.add(records.slice(i, i + batchSize));
      await batcher.flush();
    }
  }
  return result;
}
