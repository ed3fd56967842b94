/** Every `logcas` command; each file adds one subcommand to the program. */
import type { Command } from 'commander';
import { registerArchiveCommand } from './archive';
import { registerDemoCommand } from './demo';
import { registerIngestCommand } from './ingest';
import { registerPruneCommand } from './prune';
import { registerRebuildCommand } from './rebuild';
import { registerServeCommand } from './serve';
import { addForwardOptions, forwardServeExtension } from './serve-forward';

export function registerCommands(program: Command): void {
  // The forward listener is an extension of serve, so the API and the listener share one store and shut down together.
  addForwardOptions(registerServeCommand(program, [forwardServeExtension]));
  registerIngestCommand(program);
  registerRebuildCommand(program);
  registerArchiveCommand(program);
  registerPruneCommand(program);
  registerDemoCommand(program);
}
