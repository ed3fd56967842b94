/** Every `logcas` command; each file adds one subcommand to the program. */
import type { Command } from 'commander';
import { forwardServeExtension } from '../../ingest/forward/serve-extension';
import { registerArchiveCommand } from './archive';
import { registerDemoCommand } from './demo';
import { registerIngestCommand } from './ingest';
import { registerPruneCommand } from './prune';
import { registerRebuildCommand } from './rebuild';
import { registerServeCommand } from './serve';

export function registerCommands(program: Command): void {
  // The forward listener is an extension of serve, so the API and the listener share one store and shut down together.
  registerServeCommand(program, [forwardServeExtension])
    .option('--forward <port>', 'also accept Fluentd forward-protocol records (oslo.log Fluent handler) on this port')
    .option('--forward-bind <address>', 'address for --forward (default: the --bind address)')
    .option(
      '--forward-timezone <zone>',
      'IANA zone of naive record times for entries without a time of their own (default UTC)',
    );
  registerIngestCommand(program);
  registerRebuildCommand(program);
  registerArchiveCommand(program);
  registerPruneCommand(program);
  registerDemoCommand(program);
}
