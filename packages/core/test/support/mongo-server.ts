/**
 * Finds or starts the real MongoDB-wire server the tests use, in this order:
 *   1. MONGODB_URI, when set (a real MongoDB, or the FerretDB that .ci/run started);
 *   2. a FerretDB binary: LOGCAS_FERRETDB, or tools/ferretdb/bin/ferretdb once `scripts/ferretdb.sh build` ran;
 *   3. mongodb-memory-server-core, which downloads a real mongod (needs internet).
 * There is no mock: when none of these works, the tests fail and say what to do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningServer {
  uri: string;
  stop(): Promise<void>;
}

export const REPO_FERRETDB = resolve(__dirname, '../../../../tools/ferretdb/bin/ferretdb');

export async function findOrStartServer(env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  if (env.MONGODB_URI) return { uri: env.MONGODB_URI, stop: async () => {} };
  const ferretdb = env.LOGCAS_FERRETDB || (existsSync(REPO_FERRETDB) ? REPO_FERRETDB : undefined);
  if (ferretdb) return startFerretDb(ferretdb);
  try {
    const { MongoMemoryServer } = await import('mongodb-memory-server-core');
    const server = await MongoMemoryServer.create();
    return { uri: server.getUri(), stop: async () => void (await server.stop()) };
  } catch (error) {
    throw new Error(
      'No MongoDB-wire server for the tests. Set MONGODB_URI to a running MongoDB or FerretDB, or run ' +
        '`scripts/ferretdb.sh build` (or set LOGCAS_FERRETDB to a FerretDB binary); mongodb-memory-server ' +
        `could not start a mongod either: ${(error as Error).message}`,
    );
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Where and on which port to run; a given `dir` survives `stop()`, so a restart on it keeps the data. */
export interface FerretDbOptions {
  dir?: string;
  port?: number;
}

/** Starts a FerretDB with the embedded SQLite backend in a temporary folder; ready at `Listening on TCP`. */
export async function startFerretDb(binary: string, options: FerretDbOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'logcas-ferretdb-'));
  const child: ChildProcess = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      '--state-dir=-',
      '--debug-addr=-',
      '--telemetry=disable',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((ready, fail) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`FerretDB (${binary}) not listening after 15 s:\n${output}`)), 15000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Listening on TCP')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`FerretDB (${binary}) exited with ${code} at start:\n${output}`));
    });
  });
  // Keep draining its log so a full pipe never blocks it.
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    stop: async () => {
      const exited = new Promise<void>((done) => (child.exitCode !== null ? done() : child.once('exit', () => done())));
      child.kill('SIGTERM');
      await exited;
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
