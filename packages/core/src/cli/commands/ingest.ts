/**
 * `logcas ingest [--host H] [--service S] [--timezone TZ] [--follow] FILE...` (SPEC §6). Each file resumes
 * at its checkpoint; a file that can not be read is reported by name and the others still go in (exit code
 * non-zero at the end). `--follow` tails every file until SIGINT/SIGTERM.
 */
import type { Command } from 'commander';
import { basename } from 'node:path';
import { loadConfig } from '../../config';
import { IoError } from '../../errors';
import { ingestFile, type IngestFileResult } from '../../ingest/file';
import { createTextParser } from '../../parse/oslo-text';
import { openStore } from '../../store/connection';
import { formatBytes, formatRate, throttle } from '../progress';

export interface IngestCommandOptions {
  host?: string;
  service?: string;
  timezone?: string;
  follow?: boolean;
}

export async function runIngest(files: string[], options: IngestCommandOptions): Promise<void> {
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
  try {
    const one = async (file: string): Promise<void> => {
      const startedAt = Date.now();
      const progress = throttle();
      try {
        const result = await ingestFile(store, file, {
          host: options.host,
          service: options.service,
          timezone: options.timezone,
          follow: options.follow,
          signal: controller.signal,
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
    if (options.follow) await Promise.all(files.map(one));
    else for (const file of files) if (!controller.signal.aborted) await one(file);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await store.close();
  }
  if (failed.length > 0) {
    throw new IoError(`${failed.length} of ${files.length} files could not be read: ${failed.join(', ')}`);
  }
}

function report(result: IngestFileResult): void {
  console.log(`${result.file}: ${result.records} records, ${result.inserted} new, ${result.duplicates} already stored`);
}

export function registerIngestCommand(program: Command): Command {
  return program
    .command('ingest')
    .description('store log files (oslo.log text or JSON lines), resuming where the last run stopped')
    .argument('<files...>', 'log files, e.g. /var/log/nova/nova-api.log')
    .option('--host <host>', 'host name for lines that do not name one')
    .option('--service <service>', 'service name (default: from the file name, nova-api.log.1 → nova-api)')
    .option('--timezone <zone>', 'IANA time zone the timestamps are written in (default UTC)')
    .option('--follow', 'keep reading as the files grow, across rotation, until interrupted')
    .action(async (files: string[], options: IngestCommandOptions) => {
      await runIngest(files, options);
    });
}
