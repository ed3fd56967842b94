/**
 * The MongoDB-wire server that `npm start` and the tests use, found or started in this order:
 *   1. MONGODB_URI, when set (a MongoDB ≥ 6.0, or a FerretDB already running);
 *   2. a FerretDB binary: LOGCAS_FERRETDB, or tools/ferretdb/bin/ferretdb made by `scripts/ferretdb.sh build`;
 *   3. that build, run here when the binary is missing (Go and the Go module proxy; about a minute the first
 *      time). Without Go it stops and says what to install.
 * A started FerretDB keeps its data (embedded SQLite) in a temporary folder and stops with `stop()`.
 * It says on stderr what it did, so a newcomer sees where the data went.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningServer {
  uri: string;
  stop(): Promise<void>;
}

const REPO = resolve(__dirname, '..');
export const REPO_FERRETDB = join(REPO, 'tools/ferretdb/bin/ferretdb');
const BUILD_SCRIPT = join(REPO, 'scripts/ferretdb.sh');

export interface FindServerOptions {
  env?: NodeJS.ProcessEnv;
  /** Where to say what happened (default: stderr). */
  log?: (line: string) => void;
}

export async function findOrStartServer(options: FindServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (env.MONGODB_URI) return { uri: env.MONGODB_URI, stop: async () => {} };
  let binary = env.LOGCAS_FERRETDB || REPO_FERRETDB;
  if (!existsSync(binary)) {
    if (env.LOGCAS_FERRETDB) throw new Error(`LOGCAS_FERRETDB names ${env.LOGCAS_FERRETDB}, which does not exist`);
    log(
      `logcas: no MONGODB_URI and no FerretDB built yet; building it with scripts/ferretdb.sh build (Go, about a minute)`,
    );
    buildFerretDb(env);
    binary = REPO_FERRETDB;
  }
  const server = await startFerretDb(binary);
  log(`logcas: no MONGODB_URI; started FerretDB (${binary}) at ${server.uri}, data in a temporary folder`);
  return server;
}

/** Runs `scripts/ferretdb.sh build`, its output on stderr; throws with what to install when Go is missing. */
export function buildFerretDb(env: NodeJS.ProcessEnv = process.env): void {
  const go = spawnSync('go', ['version'], { encoding: 'utf8', env });
  if (go.error || go.status !== 0) {
    const goMod = readFileSync(join(REPO, 'tools/ferretdb/go.mod'), 'utf8');
    const version = /^go (\S+)/m.exec(goMod)?.[1] ?? 'recent';
    throw new Error(
      `FerretDB is not built and the go command is missing. Either install Go ${version} or newer ` +
        "(the official tarball, or your distribution's package of that version) and run this again — it builds " +
        'FerretDB from the Go module proxy — or set MONGODB_URI to a running MongoDB (6.0 or newer) or FerretDB.',
    );
  }
  const build = spawnSync('bash', [BUILD_SCRIPT, 'build'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (build.status !== 0 || !existsSync(REPO_FERRETDB)) {
    throw new Error(`scripts/ferretdb.sh build failed (exit ${build.status}); its output is above`);
  }
}

/** A TCP port free on 127.0.0.1 right now (for a server about to start, and for tests). */
export async function freePort(): Promise<number> {
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
