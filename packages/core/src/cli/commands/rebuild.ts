/**
 * `logcas rebuild`: recomputes request summaries, volume buckets and the error and resource views from the
 * stored logs, and the archive's views from the archived logs (docs/design.md, "Derived data").
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { openStore } from '../../store/connection';
import { rebuild } from '../../store/derived';
import { formatRate, throttle } from '../progress';

async function runRebuild(): Promise<void> {
  const store = await openStore(loadConfig());
  try {
    const startedAt = Date.now();
    const progress = throttle();
    const result = await rebuild(store, {
      onProgress: ({ processed, total }) =>
        progress.maybe(() => {
          const percent = total > 0 ? ` (${Math.min(100, Math.floor((processed / total) * 100))}%)` : '';
          return `logcas: rebuild ${processed} of ${total} logs${percent}, ${formatRate(processed, startedAt)}`;
        }),
    });
    console.log(
      `rebuilt from ${result.logs} logs: ${result.requests} request summaries, ${result.volumeBuckets} volume buckets, ` +
        `${result.errors} error fingerprints, ${result.resources} resources; ` +
        `archive views from ${result.archivedLogs} archived logs`,
    );
  } finally {
    await store.close();
  }
}

export function registerRebuildCommand(program: Command): Command {
  return program
    .command('rebuild')
    .description(
      'recompute request summaries, volume buckets and the error and resource views from the stored logs (stop ingestion first)',
    )
    .action(async () => {
      await runRebuild();
    });
}
