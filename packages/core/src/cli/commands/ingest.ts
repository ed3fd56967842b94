/**
 * `logcas ingest [--host H] [--host-from-dir] [--service S] [--timezone TZ] [--follow] PATH...` (docs/cli.md).
 * A PATH is a file or a folder of `*.log` files. Each file resumes at its checkpoint; a file that can not be
 * read is reported by name and the others still go in (exit code non-zero at the end). `--follow` tails every
 * file until SIGINT/SIGTERM, and picks up files that appear in the given folders.
 */
import type { Command } from 'commander';
import { basename } from 'node:path';
import { loadConfig } from '../../config';
import { IoError } from '../../errors';
import { ingestFile, type IngestFileResult } from '../../ingest/file';
import type { Rejection } from '../../ingest/ingest';
import { hostFromDirectory, listLogFiles } from '../../ingest/log-files';
import { sleep } from '../../ingest/sleep';
import { createTextParser } from '../../parse/oslo-text';
import { openStore } from '../../store/connection';
import { formatBytes, formatRate, throttle } from '../progress';

interface IngestCommandOptions {
  host?: string;
  /** Take each file's host from the name of its folder (`DIR/<host>/<service>.log`). */
  hostFromDir?: boolean;
  service?: string;
  timezone?: string;
  follow?: boolean;
}

// How often --follow looks for new files in the given folders.
const DISCOVERY_INTERVAL_MS = 2000;

async function runIngest(paths: string[], options: IngestCommandOptions): Promise<void> {
  // An unknown zone is bad usage: say so before touching the database or any file.
  if (options.timezone) createTextParser({ timezone: options.timezone });
  const store = await openStore(loadConfig());
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals): void => {
    console.error(`logcas: ${signal} received, storing what was read and stopping`);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const failed: string[] = [];
  const refused = rejectionReport();
  let attempted = 0;
  try {
    const one = async (file: string): Promise<void> => {
      attempted += 1;
      const startedAt = Date.now();
      const progress = throttle();
      try {
        const result = await ingestFile(store, file, {
          host: options.hostFromDir ? hostFromDirectory(file) : options.host,
          service: options.service,
          timezone: options.timezone,
          follow: options.follow,
          signal: controller.signal,
          onRejected: (path, rejections) => refused.add(path, rejections),
          onRetry: (path, error, waitMs) =>
            console.error(`logcas: ${basename(path)}: ${error.message}; trying again in ${waitMs / 1000} s`),
          onProgress: (p) =>
            progress.maybe(() => {
              const percent = p.size > 0 ? ` (${Math.min(100, Math.floor((p.offset / p.size) * 100))}%)` : '';
              return `logcas: ${basename(p.file)} ${formatBytes(p.offset)} of ${formatBytes(p.size)}${percent}, ${formatRate(p.records, startedAt)}`;
            }),
        });
        report(result);
      } catch (error) {
        if (!(error instanceof IoError)) throw error;
        console.error(`logcas: ${error.message}`);
        failed.push(file);
      }
    };
    // Following runs every file at once; a one-shot run reads them in turn (less memory, clearer progress).
    if (options.follow) await followAll(paths, one, controller);
    else for (const file of await listLogFiles(paths)) if (!controller.signal.aborted) await one(file);
  } finally {
    refused.flush();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await store.close();
  }
  if (failed.length > 0) {
    throw new IoError(`${failed.length} of ${attempted} files could not be read: ${failed.join(', ')}`);
  }
}

/**
 * Follows every file of `paths` and, until aborted, every file that appears in them later (looking every
 * `intervalMs`). Every wait removes its abort listener, so a long follow never piles listeners on the signal.
 * A file that fails for good (anything but an unreadable file, which `one` reports) stops them all, through
 * `controller`, and its error is thrown.
 */
export async function followAll(
  paths: string[],
  one: (file: string) => Promise<void>,
  controller: AbortController,
  intervalMs = DISCOVERY_INTERVAL_MS,
): Promise<void> {
  const running = new Map<string, Promise<void>>();
  let failure: { error: unknown } | undefined;
  while (!controller.signal.aborted) {
    for (const file of await listLogFiles(paths)) {
      if (running.has(file)) continue;
      // Caught at once, so no rejection is ever left unhandled while the others go on.
      const followed = one(file).catch((error: unknown) => {
        failure ??= { error };
        controller.abort();
      });
      running.set(file, followed);
    }
    await sleep(intervalMs, controller.signal);
  }
  await Promise.all(running.values());
  if (failure) throw failure.error;
}

/** Refused records, on stderr: the first at once, then a count at most every 10 s (they are all in dead_letters). */
function rejectionReport(): { add(file: string, rejections: Rejection[]): void; flush(): void } {
  let unreported = 0;
  let last = 0;
  const write = (): void => {
    if (unreported > 0) console.error(`logcas: ${unreported} more records refused; all are kept in dead_letters`);
    unreported = 0;
  };
  return {
    add(file, rejections) {
      const now = Date.now();
      if (now - last < 10_000) {
        unreported += rejections.length;
        return;
      }
      write();
      last = now;
      const first = rejections[0] as Rejection;
      const where = first.record.source.offset === undefined ? '' : ` at byte ${first.record.source.offset}`;
      const more = rejections.length > 1 ? ` (and ${rejections.length - 1} more)` : '';
      console.error(`logcas: ${basename(file)}${where}: record refused: ${first.reason}${more}; kept in dead_letters`);
    },
    flush: write,
  };
}

function report(result: IngestFileResult): void {
  const refused = result.rejected > 0 ? `, ${result.rejected} refused (see dead_letters)` : '';
  console.log(
    `${result.file}: ${result.records} records, ${result.inserted} new, ${result.duplicates} already stored${refused}`,
  );
}

export function registerIngestCommand(program: Command): Command {
  return program
    .command('ingest')
    .description('store log files (oslo.log text or JSON lines), resuming where the last run stopped')
    .argument('<paths...>', 'log files or folders of *.log files, e.g. /var/log/nova/nova-api.log /var/log/neutron')
    .option('--host <host>', 'host name for lines that do not name one')
    .option('--host-from-dir', "take each file's host from its folder's name (DIR/<host>/<service>.log)")
    .option('--service <service>', 'service name (default: from the file name, nova-api.log.1 → nova-api)')
    .option('--timezone <zone>', 'IANA time zone the timestamps are written in (default UTC)')
    .option('--follow', 'keep reading as the files grow, across rotation, until interrupted')
    .action(async (paths: string[], options: IngestCommandOptions) => {
      await runIngest(paths, options);
    });
}
