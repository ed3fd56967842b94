/**
 * The database stops and comes back under the writers: `POST /ingest` answers 503 meanwhile, and a client
 * that retries ends with every record stored once; `logcas ingest --follow` (a real process) waits, retries
 * and resumes from its checkpoint. Afterwards the request summaries and volume are exactly what the stored
 * logs give. Runs its own FerretDB on a fixed data folder and port, so a restart keeps the data.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, type RunningServer as RunningApi } from '../src/api/server';
import { openStore, type Store } from '../src/store/connection';
import { rebuild } from '../src/store/derived';
import { derivedData, generateOsloLog } from './ingest-fixtures';
import { freePort, REPO_FERRETDB, startFerretDb, type RunningServer } from '../../../scripts/local-server';
import { waitFor } from './support/wait';

const CORE = resolve(__dirname, '..');
const BASE = Date.UTC(2026, 10, 24, 10, 0, 0) / 1000;

function record(i: number): string {
  return JSON.stringify({
    message: `Claim successful on node compute-${i % 3} (${i})`,
    levelname: i % 11 === 10 ? 'ERROR' : 'INFO',
    name: 'nova.compute.claims',
    created: BASE + i * 0.25,
    hostname: 'compute-1',
    context: { request_id: `req-6d2b3c1e-0b5f-4a4e-9d1c-${String(Math.floor(i / 4)).padStart(12, '0')}`, user: 'u1' },
    extra: { binary: 'nova-compute' },
  });
}

/** Derived data equals what `rebuild` recomputes from the logs, and counts every stored log once. */
async function expectDerivedExact(store: Store, logs: number): Promise<void> {
  expect(await store.logs().countDocuments()).toBe(logs);
  const incremental = await derivedData(store);
  await rebuild(store);
  expect(incremental).toEqual(await derivedData(store));
  const volume = await store.volume().find().toArray();
  expect(volume.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(logs);
}

describe('the database stops and comes back under the writers', () => {
  const binary = process.env.LOGCAS_FERRETDB || REPO_FERRETDB;
  const dir = mkdtempSync(join(tmpdir(), 'logcas-outage-'));
  let port = 0;
  let ferret: RunningServer | undefined;
  let uri = '';

  beforeAll(async () => {
    port = await freePort();
    mkdirSync(join(dir, 'data'));
    ferret = await startFerretDb(binary, { dir: join(dir, 'data'), port });
    uri = ferret.uri;
  });

  afterAll(async () => {
    await ferret?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('POST /ingest answers 503 while the database is down, and a retrying client loses and doubles nothing', async () => {
    const config = { mongodbUri: uri, database: 'outage_http', apiToken: undefined };
    const store = await openStore(config, { serverSelectionTimeoutMS: 1500 });
    let api: RunningApi | undefined;
    try {
      api = await startServer(config, { port: 0, bind: '127.0.0.1', store });
      const post = async (body: string): Promise<number> => {
        const response = await fetch(`${api?.url}/api/v1/ingest`, { method: 'POST', body });
        await response.arrayBuffer();
        return response.status;
      };
      // A producer sending batches of 200 records, retrying each until it is taken.
      const batches = Array.from({ length: 12 }, (_v, b) =>
        Array.from({ length: 200 }, (_w, i) => record(b * 200 + i)).join('\n'),
      );
      const statuses: number[] = [];
      let stopped = false;
      // The producer sends its fourth batch only once the database is down, so the outage always meets it.
      let markDown = (): void => undefined;
      const down = new Promise<void>((resolve) => (markDown = resolve));
      const producer = (async () => {
        for (const [b, body] of batches.entries()) {
          if (b === 3) await down;
          for (;;) {
            const status = await post(body);
            statuses.push(status);
            if (status === 200) break;
            expect(status).toBe(503);
            await new Promise((done) => setTimeout(done, 200));
          }
        }
      })();
      await waitFor(async () => statuses.length >= 3, 'the first batches');
      await ferret?.stop();
      stopped = true;
      markDown();
      // While it is down every write route says so.
      const refused = await fetch(`${api.url}/api/v1/ingest`, { method: 'POST', body: record(99_999) });
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
      const archive = await fetch(`${api.url}/api/v1/archive`, { method: 'POST' });
      expect(archive.status).toBe(503);
      await new Promise((done) => setTimeout(done, 1500));
      ferret = await startFerretDb(binary, { dir: join(dir, 'data'), port });
      await producer;
      expect(stopped).toBe(true);
      expect(statuses).toContain(503);
      await expectDerivedExact(store, 12 * 200);
    } finally {
      await api?.close();
      await store.close();
    }
  });

  it('logcas ingest --follow waits for the database, retries, and resumes from its checkpoint', async () => {
    const logs = join(dir, 'logs');
    rmSync(logs, { recursive: true, force: true });
    const file = join(logs, 'nova-compute.log');
    mkdirSync(logs, { recursive: true });
    const first = generateOsloLog(300, 0);
    writeFileSync(file, first.text);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'ingest', '--follow', file], {
      cwd: CORE,
      env: { ...process.env, MONGODB_URI: uri, LOGCAS_DB: 'outage_follow' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const store = await openStore({ mongodbUri: uri, database: 'outage_follow' }, { serverSelectionTimeoutMS: 1500 });
    try {
      const count = async (): Promise<number> =>
        store
          .logs()
          .countDocuments()
          .catch(() => -1);
      await waitFor(async () => (await count()) === first.records, `${first.records} records`);
      // Written while the database is down: read, then stored once it is back.
      await ferret?.stop();
      const second = generateOsloLog(400, 300);
      appendFileSync(file, second.text);
      await waitFor(
        async () => /not reachable.*trying again/.test(stderr),
        'the follower to report the outage',
        30_000,
      );
      await new Promise((done) => setTimeout(done, 1000));
      ferret = await startFerretDb(binary, { dir: join(dir, 'data'), port });
      const third = generateOsloLog(200, 700);
      appendFileSync(file, third.text);
      const total = first.records + second.records + third.records;
      await waitFor(async () => (await count()) === total, `${total} records after the restart`, 90_000);
      await new Promise((done) => setTimeout(done, 1500));
      await expectDerivedExact(store, total);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
      await store.close();
    }
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/Unhandled|MaxListenersExceeded|at .*\.ts:\d+/);
  });
});
