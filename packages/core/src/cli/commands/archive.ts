/**
 * `logcas archive [--watch SECONDS] [--min-level LEVEL]`: one archive run, or one every SECONDS until
 * SIGINT/SIGTERM. Progress and the summary go to stderr. While another process holds the archive lease a
 * single run fails (exit 5); `--watch` says so and tries again at its next tick.
 */
import type { Command } from 'commander';
import { runArchive } from '../../archive/run';
import { loadConfig } from '../../config';
import { ConflictError, UnavailableError, ValidationError } from '../../errors';
import { parseLevel } from '@logcas/contract';
import type { ArchiveRunResponse } from '@logcas/contract';
import { openStore, type Store } from '../../store/connection';
import { throttle } from '../progress';

interface ArchiveCommandOptions {
  watch?: number;
  minLevel: number;
}

function parseWatch(text: string): number {
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds < 1 || seconds > 86400) {
    throw new ValidationError(`--watch must be a number of seconds between 1 and 86400, got ${text}`, 'watch');
  }
  return seconds;
}

function summary(result: ArchiveRunResponse): string {
  return `logcas: archive copied ${result.logsCopied} logs (${result.triggers} at or above the threshold) and ${result.requestsCopied} request summaries in ${result.durationMs} ms`;
}

async function archiveOnce(store: Store, minLevel: number): Promise<ArchiveRunResponse> {
  const progress = throttle();
  const result = await runArchive(store, {
    minLevel,
    onProgress: (p) =>
      progress.maybe(
        () =>
          `logcas: archive scanned ${p.scanned} new logs, copied ${p.logsCopied} logs, ${p.requestsCopied} requests`,
      ),
  });
  process.stderr.write(`${summary(result)}\n`);
  return result;
}

async function runArchiveCommand(options: ArchiveCommandOptions): Promise<void> {
  const store = await openStore(loadConfig());
  try {
    if (options.watch === undefined) {
      await archiveOnce(store, options.minLevel);
      return;
    }
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      while (!stop.signal.aborted) {
        try {
          await archiveOnce(store, options.minLevel);
        } catch (error) {
          // A busy lease or a database hiccup must not end a watcher: report and try at the next tick.
          if (!(error instanceof ConflictError) && !(error instanceof UnavailableError)) throw error;
          process.stderr.write(`logcas: archive skipped: ${error.message}\n`);
        }
        await wait(options.watch * 1000, stop.signal);
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  } finally {
    await store.close();
  }
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export function registerArchiveCommand(program: Command): Command {
  return program
    .command('archive')
    .description('copy WARNING+ logs and the logs of the requests around them into the archive collections')
    .option('--watch <seconds>', 'run again every SECONDS until interrupted')
    .option('--min-level <level>', 'lowest level that triggers archiving', 'WARNING')
    .action(async (raw: { watch?: string; minLevel: string }) => {
      const minLevel = parseLevel(raw.minLevel);
      if (minLevel === undefined)
        throw new ValidationError(`--min-level must be a level name or number, got ${raw.minLevel}`, 'min-level');
      await runArchiveCommand({ minLevel, ...(raw.watch !== undefined ? { watch: parseWatch(raw.watch) } : {}) });
    });
}
