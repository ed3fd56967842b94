/**
 * `logcas serve --forward` (a real process, on its own FerretDB) with poison records and a database outage.
 * A chunk holding records the database could never store (a key with a dot or a leading $, NaN, nesting 90
 * deep, a time in the wrong unit) is acknowledged, its good records stored and the refused ones reported on
 * stderr; the database stopped and restarted under a Fluentd-like client (resend until acknowledged) ends
 * with every record stored exactly once and the request summaries and volume exact.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encode } from '@msgpack/msgpack';
import { freePort, REPO_FERRETDB, startFerretDb, type RunningServer } from '../../../scripts/local-server';
import { openStore, type Store } from '../src/store/connection';
import { rebuild } from '../src/store/derived';
import { derivedData } from './ingest-fixtures';
import { client, fluentRecord, type Client } from './support/forward-client';
import { waitFor } from './support/wait';

const MAIN = resolve(__dirname, '../src/cli/main.ts');
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

function deep(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) value = { n: value };
  return value;
}

describe('logcas serve --forward with poison records and a database outage', () => {
  const binary = process.env.LOGCAS_FERRETDB || REPO_FERRETDB;
  const dir = mkdtempSync(join(tmpdir(), 'logcas-forward-outage-'));
  let ferret: RunningServer | undefined;
  let dbPort = 0;
  let forwardPort = 0;
  let serve: ChildProcess;
  let stderr = '';
  let store: Store;

  beforeAll(async () => {
    dbPort = await freePort();
    forwardPort = await freePort();
    mkdirSync(join(dir, 'data'));
    ferret = await startFerretDb(binary, { dir: join(dir, 'data'), port: dbPort });
    const env = { ...process.env, MONGODB_URI: ferret.uri, LOGCAS_DB: 'forward_outage' };
    serve = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, 'serve', '--port', String(await freePort()), '--forward', String(forwardPort)],
      { env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    serve.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitFor(async () => stderr.includes('Fluentd forward listener on'), 'the forward listener', 60_000);
    store = await openStore({ mongodbUri: ferret.uri, database: 'forward_outage' }, { serverSelectionTimeoutMS: 1500 });
  }, 90_000);

  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      serve.kill('SIGTERM');
      await new Promise((done) => serve.once('exit', done));
    }
    await store?.close();
    await ferret?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('acknowledges a chunk with poison records, stores its good ones and reports the refused ones', async () => {
    const entries = [
      [1795517000, fluentRecord(1)],
      [1795517000, fluentRecord(2, { extra: { 'oslo.versioned_objects': 1, $where: 'x' } })],
      [1795517000, fluentRecord(3, { extra: { ratio: Number.NaN, limit: Infinity } })],
      [1795517000, fluentRecord(4, { extra: deep(90) })],
      [1795517000, fluentRecord(5, { time: undefined, created: 1e15 })],
      [1795517000, fluentRecord(6, { time: undefined, created: 8.64e12 })],
      [1795517000, fluentRecord(7)],
    ];
    const c = await client(forwardPort);
    c.send(encode(['openstack.nova-compute', entries, { chunk: 'poison-1' }]));
    expect(await c.reply()).toEqual({ ack: 'poison-1' });
    c.socket.end();
    expect(await store.logs().countDocuments({ message: /^forward test message [1-7]$/ })).toBe(5);
    const two = await store.logs().findOne({ message: 'forward test message 2' });
    expect(two?.extra).toMatchObject({ 'oslo\uff0eversioned_objects': 1, '\uff04where': 'x' });
    const three = await store.logs().findOne({ message: 'forward test message 3' });
    expect(three?.extra).toMatchObject({ ratio: 'NaN', limit: 'Infinity' });
    await waitFor(async () => /2 record\(s\) rejected \(tag openstack\.nova-compute\)/.test(stderr), 'the report');
    expect(stderr).toMatch(/not a representable date/);
    expect(stderr).toMatch(/in the future/);
  });

  it('stores every record exactly once across a database stop and restart, with exact derived data', async () => {
    await store.logs().deleteMany({});
    await rebuild(store);
    const CHUNKS = 30;
    const PER_CHUNK = 40;
    let connection: Client | null = null;
    let resends = 0;
    const sender = (async () => {
      for (let k = 0; k < CHUNKS; k++) {
        const entries = Array.from({ length: PER_CHUNK }, (_v, i) => [
          1795517000 + k,
          fluentRecord(10_000 + k * PER_CHUNK + i, { hostname: 'outage-host' }),
        ]);
        const message = encode(['openstack.nova-compute', entries, { chunk: `outage-${k}` }]);
        // Like Fluentd: resend the chunk on a new connection until it is acknowledged.
        for (;;) {
          if (!connection || connection.socket.destroyed) {
            connection = await client(forwardPort).catch(() => null);
            if (!connection) {
              await sleep(300);
              continue;
            }
          }
          connection.send(message);
          const reply = (await Promise.race([connection.reply(), sleep(15_000)])) as { ack?: string } | undefined;
          if (reply?.ack === `outage-${k}`) break;
          resends += 1;
          connection.socket.destroy();
          connection = null;
          await sleep(300);
        }
        await sleep(100);
      }
      connection?.socket.end();
    })();
    await waitFor(
      async () =>
        (await store
          .logs()
          .countDocuments()
          .catch(() => 0)) >=
        3 * PER_CHUNK,
      'three chunks',
    );
    await ferret?.stop();
    await sleep(3000);
    ferret = await startFerretDb(binary, { dir: join(dir, 'data'), port: dbPort });
    await sender;
    expect(resends).toBeGreaterThan(0);
    expect(serve.exitCode).toBeNull();
    const total = CHUNKS * PER_CHUNK;
    expect(await store.logs().countDocuments({ host: 'outage-host' })).toBe(total);
    const incremental = await derivedData(store);
    await rebuild(store);
    expect(incremental).toEqual(await derivedData(store));
    const volume = await store.volume().find().toArray();
    expect(volume.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(total);
    expect(stderr).not.toMatch(/Unhandled|unexpected error/);
  }, 180_000);
});
