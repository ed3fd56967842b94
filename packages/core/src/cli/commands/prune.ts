/**
 * `logcas prune --older-than 7d [--archive] [--ttl]`: retention by event time (docs/archive.md); counts go to
 * stderr. With `--ttl` the retention stands: TTL indexes where the engine has them, else one prune now.
 */
import type { Command } from 'commander';
import { parseDuration, retain, prune, type PruneResult } from '../../archive/prune';
import { loadConfig } from '../../config';
import { openStore } from '../../store/connection';

export function registerPruneCommand(program: Command): Command {
  return program
    .command('prune')
    .description('delete live logs (and their finished request summaries and volume) older than a duration')
    .requiredOption('--older-than <duration>', 'age to keep, e.g. 7d, 12h, 90m, 2w')
    .option('--archive', 'prune the archive collections too', false)
    .option('--ttl', 'keep this retention: TTL indexes where the engine has them (else prune now; schedule it)', false)
    .action(async (raw: { olderThan: string; archive: boolean; ttl: boolean }) => {
      const olderThanMs = parseDuration(raw.olderThan);
      const store = await openStore(loadConfig());
      try {
        let result: PruneResult;
        if (raw.ttl) {
          const retained = await retain(store, { olderThanMs, archive: raw.archive });
          process.stderr.write(
            retained.mode === 'ttl'
              ? `logcas: TTL indexes now delete live data older than ${raw.olderThan} (the server does it in the background)\n`
              : 'logcas: this engine has no TTL indexes (FerretDB 1.x): pruned now; run this command on a schedule\n',
          );
          result = retained.pruned;
        } else result = await prune(store, { olderThanMs, archive: raw.archive });
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
