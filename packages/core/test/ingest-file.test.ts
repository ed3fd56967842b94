import { appendFileSync, copyFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IoError } from '../src/errors';
import { ingestFile } from '../src/ingest/file';
import type { Store } from '../src/store/connection';
import { rebuild } from '../src/store/derived';
import { useTestDatabase } from './support/database';
import { waitFor } from './support/wait';
import { clearIngestedData, derivedData, generateOsloLog, openTestStore } from './ingest-fixtures';

const OPTIONS = { host: 'compute-1', service: 'nova-compute' };

describe('ingestFile() on the real server', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    store = await openTestStore(testDb);
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'logcas-ingest-'));
    await clearIngestedData(store);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores every record once; a second read and a rotated copy add nothing', async () => {
    const log = generateOsloLog(1200);
    const file = join(dir, 'nova-compute.log');
    writeFileSync(file, log.text);
    const first = await ingestFile(store, file, { ...OPTIONS, batchSize: 100 });
    expect(first).toMatchObject({ records: log.records, inserted: log.records, duplicates: 0 });
    expect(await store.logs().countDocuments()).toBe(log.records);
    const folded = await store.logs().findOne({ message: /disk 39 is full/ });
    expect(folded?.traceback).toContain('yield resources');
    expect(folded?.source).toEqual({ file, offset: expect.any(Number) });

    // The checkpoint says the file is done; reading again from the start finds only duplicates.
    expect(await ingestFile(store, file, OPTIONS)).toMatchObject({ records: 0, inserted: 0 });
    expect(await ingestFile(store, file, { ...OPTIONS, resume: false })).toMatchObject({
      inserted: 0,
      duplicates: log.records,
    });
    const rotated = join(dir, 'nova-compute.log.1');
    copyFileSync(file, rotated);
    expect(await ingestFile(store, rotated, OPTIONS)).toMatchObject({ inserted: 0, duplicates: log.records });
    expect(await store.logs().countDocuments()).toBe(log.records);
    expect(await store.requests().countDocuments()).toBe(log.requests.size);
    const summed = await store.volume().find().toArray();
    expect(summed.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(log.records);
  });

  it('resumes a grown file at its checkpoint with the same ids a single read gives', async () => {
    // Cut between the two identical copies of record 24 and inside a traceback's record group.
    const whole = generateOsloLog(100);
    const cut = whole.text.indexOf('\n', whole.text.indexOf('Lock "compute_resources"')) + 1;
    const file = join(dir, 'nova-compute.log');
    writeFileSync(file, whole.text.slice(0, cut));
    await ingestFile(store, file, { ...OPTIONS, follow: false });
    appendFileSync(file, whole.text.slice(cut));
    const second = await ingestFile(store, file, OPTIONS);
    expect(second.duplicates).toBe(0);
    expect(await store.logs().countDocuments()).toBe(whole.records);

    const copy = join(dir, 'copy.log');
    writeFileSync(copy, whole.text);
    expect(await ingestFile(store, copy, OPTIONS)).toMatchObject({ inserted: 0, duplicates: whole.records });

    const ingested = await derivedData(store);
    await rebuild(store);
    expect(await derivedData(store)).toEqual(ingested);
  });

  it('follows a growing file across appends, rotation and truncation until aborted', async () => {
    const file = join(dir, 'nova-compute.log');
    const a = generateOsloLog(50, 0);
    const b = generateOsloLog(50, 50);
    const c = generateOsloLog(50, 100);
    const d = generateOsloLog(30, 150);
    writeFileSync(file, a.text);
    const controller = new AbortController();
    const following = ingestFile(store, file, {
      ...OPTIONS,
      follow: true,
      pollMs: 20,
      idleMs: 100,
      signal: controller.signal,
    });
    const count = (n: number) => async () => (await store.logs().countDocuments()) === n;
    await waitFor(count(a.records), 'the first lines', 20_000);
    appendFileSync(file, b.text);
    await waitFor(count(a.records + b.records), 'appended lines', 20_000);
    renameSync(file, `${file}.1`);
    writeFileSync(file, c.text);
    await waitFor(count(a.records + b.records + c.records), 'the new file after rotation', 20_000);
    truncateSync(file, 0);
    appendFileSync(file, d.text.slice(0, 200));
    await new Promise((resolve) => setTimeout(resolve, 100));
    appendFileSync(file, d.text.slice(200));
    await waitFor(count(a.records + b.records + c.records + d.records), 'the file after truncation', 20_000);
    controller.abort();
    const result = await following;
    expect(result.inserted).toBe(a.records + b.records + c.records + d.records);
    expect(result.duplicates).toBe(0);

    const ingested = await derivedData(store);
    await rebuild(store);
    expect(await derivedData(store)).toEqual(ingested);
  });

  it('names a file it can not read', async () => {
    const missing = join(dir, 'missing.log');
    await expect(ingestFile(store, missing, OPTIONS)).rejects.toThrow(IoError);
    await expect(ingestFile(store, missing, OPTIONS)).rejects.toThrow(missing);
    await expect(ingestFile(store, dir, OPTIONS)).rejects.toThrow(`cannot read ${dir}`);
  });
});
