/**
 * `logcas` — parses argv with commander and runs one command from ./commands. This file alone maps
 * errors to exit codes: 2 bad usage or input, 3 database unavailable, 4 not found, 1 anything else.
 */
import { Command, CommanderError } from 'commander';
import { ERROR_CODES, LogcasError } from '../errors';
import { registerCommands } from './commands';

export const EXIT_CODES: Readonly<Record<string, number>> = {
  [ERROR_CODES.validation]: 2,
  [ERROR_CODES.parse]: 2,
  [ERROR_CODES.io]: 2,
  [ERROR_CODES.unavailable]: 3,
  [ERROR_CODES.notFound]: 4,
  [ERROR_CODES.conflict]: 5,
};

export function buildProgram(): Command {
  const program = new Command('logcas')
    .description('LogCAS: collect and analyse OpenStack logs in MongoDB')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    const { code, message } = describeFailure(error);
    if (message) console.error(message);
    return code;
  }
}

/** The exit code and the stderr line for an error that ended a command. */
export function describeFailure(error: unknown): { code: number; message: string | null } {
  // Commander already printed its usage error.
  if (error instanceof CommanderError) return { code: error.exitCode === 0 ? 0 : 2, message: null };
  // The store turns a database lost at start or mid-run into UnavailableError (store/outage.ts).
  if (error instanceof LogcasError) return { code: EXIT_CODES[error.code] ?? 1, message: `logcas: ${error.message}` };
  return { code: 1, message: `logcas: unexpected error: ${(error as Error).stack ?? String(error)}` };
}

// Run when executed as this file (`node dist/cli/main.js`, `tsx src/cli/main.ts`), not when imported by tests
// or by bin/logcas.js, which calls main() itself.
if (process.argv[1] && /(^|[\\/])main\.(js|ts)$/.test(process.argv[1])) {
  main().then((code) => {
    process.exitCode = code;
  });
}
