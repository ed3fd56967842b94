/**
 * Ingests one text log file, resumably, once or following it (`tail -F`); the reading itself is
 * ingest/file-reader.ts. Following, a lost database is waited for: the reader stops, waits with backoff and
 * starts again from the checkpoint, which names exactly what was stored, so nothing is lost or doubled.
 */
import { resolve } from 'node:path';
import { UnavailableError } from '../errors';
import { serviceFromFileName } from '../parse/service-name';
import type { Store } from '../store/connection';
import { FileReader } from './file-reader';
import type { IngestResult, Rejection } from './ingest';
import { sleep } from './sleep';

export interface IngestFileOptions {
  /** Host recorded when a line does not name one. */
  host?: string;
  /** Service recorded when a line does not name one (default: from the file name, `nova-api.log.1` → nova-api). */
  service?: string;
  /** IANA zone of the file's timestamps (default UTC). */
  timezone?: string;
  /** Keep reading as the file grows, across rotation and truncation, until `signal` aborts. */
  follow?: boolean;
  /** Start where the last run stopped (default true); false reads from the start, duplicates are skipped. */
  resume?: boolean;
  /** Records per batch (default 1000). */
  batchSize?: number;
  /** Bytes per read (default 1 MiB). */
  chunkSize?: number;
  /** Follow: how often to look for new data (default 250 ms). */
  pollMs?: number;
  /** Follow: how long without new data before the pending record is stored (default 1000 ms). */
  idleMs?: number;
  /** Follow: first wait after the database was lost (default 1 s; doubled up to 30 s while it stays away). */
  retryMs?: number;
  /** Stops following (or reading) at the next batch border; what was read is stored and checkpointed. */
  signal?: AbortSignal;
  /** Called after every chunk and batch; the caller throttles its output. */
  onProgress?: (progress: FileProgress) => void;
  /** Called with the records of a batch that were refused, after they were kept in `dead_letters`. */
  onRejected?: (file: string, rejections: Rejection[]) => void;
  /** Follow: called when the database was lost, before waiting `waitMs` to try again. */
  onRetry?: (file: string, error: UnavailableError, waitMs: number) => void;
}

/** What one file's ingestion stored so far. */
export interface FileTotals extends IngestResult {
  /** Records parsed and submitted (inserted + duplicates + rejected). */
  records: number;
}

export interface FileProgress extends FileTotals {
  file: string;
  /** Bytes of the current file read so far. */
  offset: number;
  size: number;
}

export interface IngestFileResult extends FileTotals {
  file: string;
}

const MAX_RETRY_MS = 30_000;

/** Reads `path` from its checkpoint (or the start) and stores every record once. */
export async function ingestFile(
  store: Store,
  path: string,
  options: IngestFileOptions = {},
): Promise<IngestFileResult> {
  const file = resolve(path);
  const service = options.service ?? serviceFromFileName(file) ?? undefined;
  const totals: FileTotals = { records: 0, inserted: 0, duplicates: 0, rejected: 0 };
  let wait = options.retryMs ?? 1000;
  for (;;) {
    const before = totals.records;
    const reader = new FileReader(store, file, { ...options, service }, totals);
    try {
      await reader.run();
      return { file, ...totals };
    } catch (error) {
      if (!(error instanceof UnavailableError) || !options.follow) throw error;
      // Progress since the last loss means the database came back: start waiting short again.
      if (totals.records > before) wait = options.retryMs ?? 1000;
      options.onRetry?.(file, error, wait);
      await sleep(wait, options.signal);
      wait = Math.min(wait * 2, MAX_RETRY_MS);
      if (options.signal?.aborted) return { file, ...totals };
    } finally {
      await reader.close();
    }
  }
}
