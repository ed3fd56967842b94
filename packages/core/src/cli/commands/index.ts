/** Every `logcas` command; each file adds one subcommand to the program. */
import type { Command } from 'commander';

export function registerCommands(_program: Command): void {
  // Commands register here: ingest, serve, archive, prune, rebuild, demo.
}
