/** Every `logcas` command; each file adds one subcommand to the program (serve-forward.ts: serve's flags). */
import type { Command } from 'commander';
import { registerArchiveCommand } from './archive';
import { registerDemoCommand } from './demo';
import { registerIngestCommand } from './ingest';
import { registerPruneCommand } from './prune';
import { registerRebuildCommand } from './rebuild';
import { registerServeCommand } from './serve';

export function registerCommands(program: Command): void {
  registerServeCommand(program);
  registerIngestCommand(program);
  registerRebuildCommand(program);
  registerArchiveCommand(program);
  registerPruneCommand(program);
  registerDemoCommand(program);
}
