/**
 * `npm start`: the API with demo traffic, on the database at MONGODB_URI — or, when it is unset, on a FerretDB
 * started here (built first with `scripts/ferretdb.sh build` when missing; see scripts/local-server.ts), which
 * stops when the API stops. Runs the built CLI, as an installed `logcas` would.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { findOrStartServer } from './local-server';

async function main(): Promise<void> {
  const server = await findOrStartServer();
  const cli = resolve(__dirname, '../packages/core/dist/cli/main.js');
  const child = spawn(process.execPath, [cli, 'demo', '--serve', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, MONGODB_URI: server.uri },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  const code = await new Promise<number>((done) => child.once('exit', (exitCode) => done(exitCode ?? 1)));
  await server.stop();
  process.exit(code);
}

main().catch((error: Error) => {
  console.error(`logcas: ${error.message}`);
  process.exit(1);
});
