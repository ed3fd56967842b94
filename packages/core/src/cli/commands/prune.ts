/** `logcas prune --older-than 7d [--archive]`: retention by event time (docs/archive.md); counts go to stderr. */
import type { Command } from 'commander';
import { parseDuration, prune } from '../../archive/prune';
import { loadConfig } from '../../config';
import { openStore } from '../../store/connection';

export function registerPruneCommand(program: Command): Command {
  return program
    .command('prune')
    .description('delete live logs (and their finished request summaries and volume) older than a duration')
    .requiredOption('--older-than <duration>', 'age to keep, e.g. 7d, 12h, 90m, 2w')
    .option('--archive', 'prune the archive collections too', false)
    .action(async (raw: { olderThan: string; archive: boolean }) => {
      const olderThanMs = parseDuration(raw.olderThan);
      const store = await openStore(loadConfig());
      try {
        const result = await prune(store, { olderThanMs, archive: raw.archive });
        const live = result.live;
        process.stderr.write(
          `logcas: pruned before ${result.cutoff}: ${live.logs} logs, ${live.requests} request summaries, ${live.volume} volume buckets, ${live.views} error and resource view documents\n`,
        );
        if (result.archive) {
          process.stderr.write(
            `logcas: archive: ${result.archive.logs} logs, ${result.archive.requests} request summaries, ${result.archive.views} error and resource view documents\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
}
