#!/usr/bin/env node
// The `logcas` command: runs the built CLI in dist/, or says how to build it. This file is committed so npm can
// link the command at install time even in a fresh checkout, where dist/ does not exist yet.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'logcas: the CLI is not built yet. At the repository root run ' +
      '`npm run build -w @logcas/contract -w @logcas/core` (`npm start` builds it too), then run this again.\n',
  );
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main();
