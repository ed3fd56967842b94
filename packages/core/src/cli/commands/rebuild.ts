/** `logcas rebuild`: recomputes request summaries and volume buckets from the stored logs (docs/design.md, "Derived data"). */
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
      `rebuilt from ${result.logs} logs: ${result.requests} request summaries, ${result.volumeBuckets} volume buckets`,
    );
  } finally {
    await store.close();
  }
}

export function registerRebuildCommand(program: Command): Command {
  return program
    .command('rebuild')
    .description('recompute request summaries and volume buckets from the stored logs (stop ingestion first)')
    .action(async () => {
      await runRebuild();
    });
}
