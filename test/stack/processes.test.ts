/**
 * The stack without Docker: the same `logcas` processes docker-compose.yml names — API with the forward
 * listener, demo feeder, ingest follower, archiver — run from the built CLI against the test database for
 * 30 seconds. Logs, requests, volume and archive must fill up, and a follower killed with SIGKILL and
 * restarted must lose nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from '@msgpack/msgpack';
import { createTextParser } from '../../packages/core/src/parse/oslo-text';
import { useTestDatabase } from '../../packages/core/test/support/database';
import { REPO } from './files';

const CLI = join(REPO, 'packages/core/dist/cli/main.js');
const RUN_SECONDS = 30;

interface Proc {
  name: string;
  child: ChildProcess;
  output: () => string;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('the stack processes, started as docker-compose.yml starts them', () => {
  const testDb = useTestDatabase();
  const logDir = mkdtempSync(join(tmpdir(), 'logcas-stack-'));
  const running: Proc[] = [];
  const apiPort = 18000 + (process.pid % 1000);
  const forwardPort = apiPort + 1000;
  const token = 'stack-test-token';

  function start(name: string, args: string[]): Proc {
    let output = '';
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, MONGODB_URI: testDb.uri, LOGCAS_DB: testDb.name, LOGCAS_API_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const proc = { name, child, output: () => output };
    running.push(proc);
    return proc;
  }

  async function stop(proc: Proc, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.child.once('exit', resolve));
    proc.child.kill(signal);
    await exited;
  }

  async function api<T>(path: string): Promise<T> {
    const response = await fetch(`http://127.0.0.1:${apiPort}/api/v1${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async function waitFor(what: string, check: () => Promise<boolean>, seconds: number): Promise<void> {
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline) {
      if (await check().catch(() => false)) return;
      await sleep(500);
    }
    const logs = running.map((p) => `--- ${p.name}\n${p.output().slice(-2000)}`).join('\n');
    throw new Error(`${what} did not happen within ${seconds} s\n${logs}`);
  }

  /** Records the parser makes of every demo file: what the follower must have stored, each once. */
  function recordsInFiles(): number {
    let count = 0;
    for (const host of readdirSync(logDir)) {
      for (const file of readdirSync(join(logDir, host))) {
        const path = join(logDir, host, file);
        if (!statSync(path).isFile()) continue;
        const parser = createTextParser({ host, file: path });
        let offset = 0;
        for (const line of readFileSync(path, 'utf8').split('\n')) {
          if (line !== '') count += parser.push(line, offset).length;
          offset += Buffer.byteLength(line) + 1;
        }
        count += parser.flush().length;
      }
    }
    return count;
  }

  afterAll(async () => {
    for (const proc of running) await stop(proc, 'SIGKILL');
    rmSync(logDir, { recursive: true, force: true });
  });

  it('fills logs, requests, volume and archive, and a killed follower loses nothing', async () => {
    const apiProc = start('api', ['serve', '--port', String(apiPort), '--forward', String(forwardPort)]);
    await waitFor(
      'the API answering /health',
      async () => (await api<{ status: string }>('/health')).status === 'ok',
      30,
    );

    const feeder = start('demo-feeder', [
      'demo',
      '--continuous',
      '--out',
      logDir,
      '--rate',
      '240',
      '--failure-rate',
      '0.3',
    ]);
    let follower = start('ingest-follower', ['ingest', '--follow', '--host-from-dir', logDir]);
    start('archiver', ['archive', '--watch', '5']);

    // oslo.log's Fluent handler shipping straight to the forward port (Message mode).
    const forwarded = new Socket();
    await new Promise<void>((resolve, reject) =>
      forwarded.connect(forwardPort, '127.0.0.1', resolve).once('error', reject),
    );
    forwarded.write(
      encode([
        'openstack.keystone',
        Math.floor(Date.now() / 1000),
        { message: 'stack test: token issued', levelname: 'INFO', name: 'keystone.token', hostname: 'forward-host' },
      ]),
    );
    forwarded.end();

    await sleep((RUN_SECONDS / 3) * 1000);
    await stop(follower, 'SIGKILL');
    await sleep(3000);
    follower = start('ingest-follower (restarted)', ['ingest', '--follow', '--host-from-dir', logDir]);
    await sleep(((RUN_SECONDS * 2) / 3 - 3) * 1000);
    await stop(feeder);

    const expected = recordsInFiles();
    expect(expected).toBeGreaterThan(100);
    const fromFiles = { 'source.file': { $regex: `^${logDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` } };
    await waitFor(
      `the follower storing all ${expected} records of the demo files`,
      async () => (await testDb.db.collection('logs').countDocuments(fromFiles)) >= expected,
      30,
    );
    // Exactly once each: ids are unique, so equal counts mean nothing lost and nothing twice.
    expect(await testDb.db.collection('logs').countDocuments(fromFiles)).toBe(expected);

    const logs = await api<{ total: number }>('/logs?from=0&minLevel=DEBUG');
    expect(logs.total).toBeGreaterThan(expected - 1);
    const requests = await api<{ total: number }>('/requests?from=0');
    expect(requests.total).toBeGreaterThan(0);
    const volume = await api<{ buckets: Array<{ counts: Record<string, number> }> }>(
      `/volume?from=${Date.now() - 3600_000}&to=${Date.now() + 60_000}&step=60&minLevel=DEBUG`,
    );
    const volumeTotal = volume.buckets.reduce((sum, b) => sum + Object.values(b.counts).reduce((a, c) => a + c, 0), 0);
    expect(volumeTotal).toBeGreaterThan(0);
    await waitFor(
      'the forwarded record stored',
      async () => (await api<{ total: number }>('/logs?from=0&host=forward-host')).total === 1,
      15,
    );
    await waitFor(
      'the archiver copying WARNING+ logs',
      async () => (await api<{ total: number }>('/logs?from=0&collection=archive&minLevel=WARNING')).total > 0,
      20,
    );
    const archivedRequests = await api<{ total: number }>('/requests?from=0&collection=archive&userOnly=false');
    expect(archivedRequests.total).toBeGreaterThan(0);

    expect(apiProc.child.exitCode).toBeNull();
  });
});
