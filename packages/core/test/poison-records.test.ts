/**
 * Poison records between good ones, through every channel on the real server: `POST /ingest`, file
 * ingestion and `logcas ingest --follow` (a real process). The good records, their request summaries and
 * their volume must come out exact; a record the database can not store is reported (`rejected`, or a dead
 * letter) and never costs its neighbours. Also the database's own refusals, past admission, one by one.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ApiApp } from '../src/api/types';
import { ingestFile } from '../src/ingest/file';
import { storeLogs } from '../src/ingest/ingest';
import { COLLECTIONS, type StoredDeadLetter, type StoredLog } from '../src/store/collections';
import type { Store } from '../src/store/connection';
import { rebuild } from '../src/store/derived';
import { appForTest } from './support/api-fixtures';
import { useTestDatabase } from './support/database';
import { waitFor } from './support/wait';
import { clearIngestedData, derivedData, openTestStore } from './ingest-fixtures';

const BASE = Date.UTC(2026, 10, 24, 10, 0, 0) / 1000;

/** A good oslo.log JSONFormatter record, one of three per request. */
function good(i: number): Record<string, unknown> {
  return {
    message: `Claim successful on node compute-${i % 3} (${i})`,
    levelname: i % 7 === 6 ? 'ERROR' : 'INFO',
    name: 'nova.compute.claims',
    created: BASE + i * 13.5,
    process: 4021,
    hostname: 'compute-1',
    context: { request_id: `req-6d2b3c1e-0b5f-4a4e-9d1c-${String(Math.floor(i / 3)).padStart(12, '0')}`, user: 'u1' },
    extra: { binary: 'nova-compute', project: 'p1' },
  };
}

function deep(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 'bottom' };
  for (let i = 1; i < levels; i++) value = { n: value };
  return value;
}

interface Poison {
  name: string;
  record: Record<string, unknown>;
  /** Refused with a reason matching this, or stored (undefined) in a storable form. */
  refused?: RegExp;
}

/** Each kind of record that used to fail its whole batch; `at` is its position among the good ones. */
function poisons(): Poison[] {
  const at = (i: number, extra: Record<string, unknown>): Record<string, unknown> => ({ ...good(1000 + i), ...extra });
  return [
    {
      name: 'an extra key with a dot',
      record: at(0, { extra: { 'oslo.versioned_objects': 1, binary: 'nova-compute' } }),
    },
    { name: 'an extra key with a leading $', record: at(1, { extra: { $where: 'sleep(1)', binary: 'nova-compute' } }) },
    { name: 'an empty extra key', record: at(2, { extra: { '': 'empty', binary: 'nova-compute' } }) },
    { name: 'an extra key with a NUL', record: at(3, { extra: { 'a\u0000b': 1, binary: 'nova-compute' } }) },
    { name: 'extra nested 200 levels deep', record: at(4, { extra: { binary: 'nova-compute', dump: deep(200) } }) },
    {
      name: 'an extra of 50,000 keys',
      record: at(5, {
        extra: {
          binary: 'nova-compute',
          ...Object.fromEntries(Array.from({ length: 50_000 }, (_v, k) => [`k${k}`, k])),
        },
      }),
    },
    {
      name: 'created: 1e15 (microseconds read as seconds)',
      record: at(6, { created: 1e15 }),
      refused: /representable/,
    },
    { name: 'created: 8.64e12 (year 275760)', record: at(7, { created: 8.64e12 }), refused: /in the future/ },
    { name: 'created: 0 (1970)', record: at(8, { created: 0 }), refused: /has no time/ },
    { name: 'created in 1999', record: at(9, { created: 946684799 }), refused: /before the accepted window/ },
  ];
}

/** Good records with every poison record between two of them; returns the body order. */
function mixed(): { records: Array<Record<string, unknown>>; goods: number; poisonAt: Map<number, Poison> } {
  const records: Array<Record<string, unknown>> = [];
  const poisonAt = new Map<number, Poison>();
  let goods = 0;
  for (const poison of poisons()) {
    for (let k = 0; k < 3; k++) records.push(good(goods++));
    poisonAt.set(records.length, poison);
    records.push(poison.record);
  }
  for (let k = 0; k < 3; k++) records.push(good(goods++));
  return { records, goods, poisonAt };
}

/** Derived data is exactly what the stored logs give: what `rebuild` recomputes from them. */
async function expectDerivedExact(store: Store): Promise<void> {
  const incremental = await derivedData(store);
  await rebuild(store);
  expect(incremental).toEqual(await derivedData(store));
  const volume = await store.volume().find().toArray();
  expect(volume.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(await store.logs().countDocuments());
}

async function expectStoredForms(store: Store): Promise<void> {
  const byMessage = async (i: number): Promise<StoredLog | null> =>
    store.logs().findOne({ message: `Claim successful on node compute-${(1000 + i) % 3} (${1000 + i})` });
  expect((await byMessage(0))?.extra).toMatchObject({ 'oslo\uff0eversioned_objects': 1 });
  expect((await byMessage(1))?.extra).toMatchObject({ '\uff04where': 'sleep(1)' });
  expect((await byMessage(2))?.extra).toMatchObject({ '(empty)': 'empty' });
  expect((await byMessage(3))?.extra).toMatchObject({ 'a\u2400b': 1 });
  expect(JSON.stringify((await byMessage(4))?.extra)).toContain('"n":"{\\"n\\":');
  const wide = (await byMessage(5))?.extra as Record<string, unknown>;
  expect(Object.keys(wide)).toHaveLength(1001);
  expect(wide.droppedKeys).toBe(50_001 - 1000);
}

const CORE = resolve(__dirname, '..');

describe('poison records are refused alone', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let app: ApiApp;
  let dir: string;

  beforeAll(async () => {
    store = await openTestStore(testDb);
    app = await appForTest(store);
  });
  afterAll(async () => app?.close());
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'logcas-poison-'));
    await clearIngestedData(store);
    await store.collection(COLLECTIONS.deadLetters).deleteMany({});
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('POST /ingest lists each one in rejected and stores the rest with exact summaries and volume', async () => {
    const { records, goods, poisonAt } = mixed();
    const refused = [...poisonAt].filter(([, poison]) => poison.refused);
    const body = records.map((record) => JSON.stringify(record)).join('\n');
    const started = Date.now();
    const response = await app.inject({ method: 'POST', url: '/api/v1/ingest', payload: body });
    process.stderr.write(`POST /ingest of ${records.length} records with the poison set: ${Date.now() - started} ms\n`);
    expect(response.statusCode).toBe(200);
    const result = response.json() as {
      inserted: number;
      duplicates: number;
      rejected: Array<{ index: number; reason: string }>;
    };
    expect(result.rejected.map((r) => r.index)).toEqual(refused.map(([index]) => index));
    for (const [index, poison] of refused) {
      expect(result.rejected.find((r) => r.index === index)?.reason).toMatch(poison.refused as RegExp);
    }
    expect(result.inserted).toBe(records.length - refused.length);
    expect(await store.logs().countDocuments()).toBe(goods + poisonAt.size - refused.length);
    await expectStoredForms(store);
    await expectDerivedExact(store);
    // The retry a client makes after any answer adds nothing and changes no derived data.
    const before = await derivedData(store);
    const again = (await app.inject({ method: 'POST', url: '/api/v1/ingest', payload: body })).json();
    expect(again).toMatchObject({ inserted: 0, duplicates: records.length - refused.length });
    expect(await derivedData(store)).toEqual(before);
  });

  it('file ingestion keeps each refused record as a dead letter and reads on', async () => {
    const { records, goods, poisonAt } = mixed();
    const refused = [...poisonAt].filter(([, poison]) => poison.refused);
    const file = join(dir, 'nova-compute.log');
    writeFileSync(file, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    const result = await ingestFile(store, file, { batchSize: 7 });
    expect(result).toMatchObject({
      records: records.length,
      rejected: refused.length,
      inserted: records.length - refused.length,
    });
    expect(await store.logs().countDocuments()).toBe(goods + poisonAt.size - refused.length);
    await expectStoredForms(store);
    await expectDerivedExact(store);
    const letters = await store
      .collection<StoredDeadLetter>(COLLECTIONS.deadLetters)
      .find()
      .sort({ 'source.offset': 1 })
      .toArray();
    expect(letters.map((letter) => letter.reason)).toEqual(
      refused.map(([, poison]) => expect.stringMatching(poison.refused as RegExp)),
    );
    expect(letters[0]).toMatchObject({ source: { file, offset: expect.any(Number) }, service: 'nova-compute' });
    expect(JSON.parse(letters[0]?.text as string)).toEqual(refused[0]?.[1].record);
    // Read again from the start: nothing new, not even a second dead letter.
    expect(await ingestFile(store, file, { resume: false })).toMatchObject({ inserted: 0, rejected: refused.length });
    expect(await store.collection(COLLECTIONS.deadLetters).countDocuments()).toBe(refused.length);
  });

  it('logcas ingest --follow keeps following past poison records appended to the file', async () => {
    const file = join(dir, 'nova-compute.log');
    writeFileSync(file, `${JSON.stringify(good(0))}\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'ingest', '--follow', file], {
      cwd: CORE,
      env: { ...process.env, LOGCAS_DB: testDb.name },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    try {
      await waitFor(async () => (await store.logs().countDocuments()) === 1, 'the first record');
      const { records, goods, poisonAt } = mixed();
      const refused = [...poisonAt].filter(([, poison]) => poison.refused);
      // Appended in three writes, poison records in each.
      const lines = records.slice(1).map((record) => `${JSON.stringify(record)}\n`);
      for (let part = 0; part < 3; part++) {
        appendFileSync(file, lines.slice((part * lines.length) / 3, ((part + 1) * lines.length) / 3).join(''));
        await new Promise((done) => setTimeout(done, 300));
      }
      const stored = goods + poisonAt.size - refused.length;
      await waitFor(async () => (await store.logs().countDocuments()) === stored, `${stored} stored records`);
      await waitFor(
        async () => (await store.collection(COLLECTIONS.deadLetters).countDocuments()) === refused.length,
        `${refused.length} dead letters`,
      );
      appendFileSync(file, `${JSON.stringify(good(500))}\n`);
      await waitFor(async () => (await store.logs().countDocuments()) === stored + 1, 'a record after the poison');
      expect(stderr).toMatch(/record refused: .*kept in dead_letters/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/Unhandled|MaxListenersExceeded/);
    await expectDerivedExact(store);
  });

  it('refuses a binary file with a clear error instead of storing it as one record of 1970', async () => {
    const file = join(dir, 'nova-compute.log');
    const bytes = Buffer.alloc(64 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    writeFileSync(file, bytes);
    await expect(ingestFile(store, file)).rejects.toThrow(
      /is not a text file \(a NUL byte at offset \d+\); only text log files are read/,
    );
    expect(await store.logs().countDocuments()).toBe(0);
    // A sparse start (NULs a crash or copytruncate left) is not binary: the lines after it are read.
    const sparse = join(dir, 'nova-api.log');
    writeFileSync(sparse, Buffer.concat([Buffer.alloc(10_000), Buffer.from(`${JSON.stringify(good(1))}\n`)]));
    expect(await ingestFile(store, sparse)).toMatchObject({ inserted: 1, rejected: 0 });
  });

  it("stores a batch's other documents, and their derived data, when the database itself refuses some", async () => {
    const now = new Date();
    const doc = (i: number, extra: Record<string, unknown> | null): StoredLog => ({
      _id: `refusal-${i}`,
      ts: new Date(Date.UTC(2026, 10, 24, 11, 0, i)),
      level: 20,
      levelName: 'INFO',
      host: 'compute-1',
      service: 'nova-compute',
      logger: 'nova.compute.manager',
      pid: 1,
      message: `m${i}`,
      traceback: null,
      requestId: `req-00000000-0000-4000-8000-00000000000${i % 2}`,
      globalRequestId: null,
      userId: 'u',
      projectId: 'p',
      domain: null,
      userDomain: null,
      projectDomain: null,
      userName: null,
      projectName: null,
      instance: null,
      remoteAddress: null,
      httpMethod: null,
      httpPath: null,
      httpStatus: null,
      durationMs: null,
      source: { channel: 'http' },
      extra,
      fingerprint: null,
      resources: [],
      ingestedAt: now,
    });
    // Past admission (written straight to the store): FerretDB 1.24 refuses the dotted key one by one (MongoDB
    // since 5.0 and DocumentDB store it, so there it is one more good document), the driver refuses the NUL
    // key for the whole call, which is then split until the refused document stands alone.
    const refusesDottedKeys = await store.db
      .collection('dotted_key_probe')
      .insertOne({ 'a.b': 1 } as never)
      .then(
        () => false,
        () => true,
      );
    const docs = [doc(0, null), doc(1, { 'a.b': 1 }), doc(2, null), doc(3, { 'a\u0000b': 1 }), doc(4, null)];
    const stored = await storeLogs(store, docs);
    const refused = stored.refused.map((r) => r.index);
    expect(refused).toEqual(refusesDottedKeys ? [1, 3] : [3]);
    expect(stored.inserted).toBe(5 - refused.length);
    if (refusesDottedKeys) expect(stored.refused[0]?.reason).toMatch(/a\.b/);
    expect(stored.refused.at(-1)?.reason).toMatch(/null bytes/);
    await expectDerivedExact(store);
    expect((await store.requests().find().toArray()).reduce((n, r) => n + r.count, 0)).toBe(stored.inserted);
  });
});
