/**
 * Rotation that file ingestion can not see happen: copytruncate (the file keeps its inode and is cut, then
 * written again, possibly past the offset read so far) and rotation between two runs. Every line that is
 * still in some file is stored exactly once, the lines that only the rotated copy holds included; nothing is
 * read from the middle of a rewritten file.
 */
import { appendFileSync, copyFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '../src/ingest/file';
import type { Store } from '../src/store/connection';
import { rebuild } from '../src/store/derived';
import { useTestDatabase } from './support/database';
import { waitFor } from './support/wait';
import { clearIngestedData, derivedData, generateOsloLog, openTestStore } from './ingest-fixtures';

const OPTIONS = { host: 'compute-1', service: 'nova-compute' };

describe('copytruncate and rotation between runs', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    store = await openTestStore(testDb);
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'logcas-rotation-'));
    file = join(dir, 'nova-compute.log');
    await clearIngestedData(store);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const a = generateOsloLog(60, 0);
  const b = generateOsloLog(40, 60);
  // Longer than a and b together: after the cut the file grows past the offset read before it.
  const c = generateOsloLog(200, 100);

  async function expectExactly(records: number): Promise<void> {
    expect(await store.logs().countDocuments()).toBe(records);
    // Nothing was read from the middle of a line.
    expect(await store.logs().countDocuments({ 'extra.unparsed': true })).toBe(0);
    const incremental = await derivedData(store);
    await rebuild(store);
    expect(await derivedData(store)).toEqual(incremental);
  }

  /** logrotate's copytruncate: copy, then cut; the writer (O_APPEND) goes on at the start of the cut file. */
  function copytruncate(copy: string, next: string): void {
    copyFileSync(file, copy);
    truncateSync(file, 0);
    appendFileSync(file, next);
  }

  it('following: reads what was appended before the copy from the copy, then the rewritten file from its start', async () => {
    writeFileSync(file, a.text);
    const controller = new AbortController();
    const following = ingestFile(store, file, {
      ...OPTIONS,
      follow: true,
      pollMs: 300,
      idleMs: 100,
      signal: controller.signal,
    });
    await waitFor(async () => (await store.logs().countDocuments()) === a.records, 'the first lines', 20_000);
    // All within one poll: b is written and only the copy holds it once the file is cut and rewritten.
    appendFileSync(file, b.text);
    copytruncate(`${file}.1`, c.text);
    const total = a.records + b.records + c.records;
    await waitFor(async () => (await store.logs().countDocuments()) === total, `${total} records`, 20_000);
    controller.abort();
    expect(await following).toMatchObject({ inserted: total, duplicates: 0 });
    await expectExactly(total);
  });

  it('between runs: finishes the old content from the copy a copytruncate left', async () => {
    writeFileSync(file, a.text);
    expect(await ingestFile(store, file, OPTIONS)).toMatchObject({ inserted: a.records });
    appendFileSync(file, b.text);
    copytruncate(`${file}-20261125`, c.text);
    expect(await ingestFile(store, file, OPTIONS)).toMatchObject({ inserted: b.records + c.records, duplicates: 0 });
    await expectExactly(a.records + b.records + c.records);
  });

  it('between runs: finishes the old content from the renamed file', async () => {
    writeFileSync(file, a.text);
    await ingestFile(store, file, OPTIONS);
    appendFileSync(file, b.text);
    renameSync(file, `${file}.1`);
    writeFileSync(file, c.text);
    expect(await ingestFile(store, file, OPTIONS)).toMatchObject({ inserted: b.records + c.records, duplicates: 0 });
    await expectExactly(a.records + b.records + c.records);
  });

  it('without a copy left (compressed at once): reads the rewritten file from its start, never from the middle', async () => {
    writeFileSync(file, a.text);
    await ingestFile(store, file, OPTIONS);
    appendFileSync(file, b.text);
    copytruncate(`${file}.1.gz`, c.text);
    expect(await ingestFile(store, file, OPTIONS)).toMatchObject({ inserted: c.records, duplicates: 0 });
    // b was only ever in the old file's tail: lost, as docs/cli.md says copytruncate may lose lines.
    await expectExactly(a.records + c.records);
  });
});
