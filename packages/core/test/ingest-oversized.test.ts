/**
 * Input that would make documents larger than MongoDB accepts (16 MiB): a 17 MiB line and a 12,000-line record.
 * The record size cap splits them into parts; every part is stored and no text is lost.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '../src/ingest/file';
import { RECORD_LIMITS } from '../src/parse/record-assembler';
import type { Store } from '../src/store/connection';
import { openTestStore } from './ingest-fixtures';
import { useTestDatabase } from './support/database';

describe('oversized records on the real server', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    store = await openTestStore(testDb);
    dir = mkdtempSync(join(tmpdir(), 'logcas-oversized-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores a 17 MiB line and a 12,000-line record as parts under the cap', async () => {
    const head = '2026-11-26 16:27:53.571 28797 DEBUG nova.virt.libvirt.driver [-] ';
    const huge = `${head}RESP BODY: ${'x'.repeat(17 * 1024 * 1024)}`;
    const dump = Array.from({ length: 12_000 }, (_, i) => `  <entry n="${i}"/>`);
    const last = '2026-11-26 16:27:54.000 28797 INFO nova.compute.manager [-] Terminating instance';
    const file = join(dir, 'nova-compute.log');
    writeFileSync(file, [huge, `${head}Guest XML:`, ...dump, last, ''].join('\n'));

    const result = await ingestFile(store, file, { host: 'cmp-1' });
    const docs = await store.logs().find().sort({ 'source.offset': 1, 'extra.splitPart': 1 }).toArray();
    expect(result.inserted).toBe(docs.length);
    const split = docs.filter((doc) => doc.extra?.splitPart !== undefined);
    // 17 MiB in parts of at most 1 MiB, and 12,001 lines in parts of at most 10,000.
    expect(split.length).toBe(18 + 2);
    for (const doc of docs) {
      const text = doc.message + (doc.traceback ?? '') + String(doc.extra?.continuation ?? '');
      expect(text.length).toBeLessThanOrEqual(RECORD_LIMITS.maxChars);
    }
    const hugeText = split
      .filter((doc) => doc.source.offset !== undefined && doc.source.offset < huge.length)
      .map((doc) => doc.message)
      .join('');
    expect(hugeText).toBe(huge.slice(head.length));
    const dumpParts = split.filter((doc) => doc.source.offset !== undefined && doc.source.offset > huge.length);
    const dumpText = dumpParts.flatMap((doc, i) => [
      ...(i === 0 ? [] : [doc.message]),
      ...String(doc.extra?.continuation ?? '').split('\n'),
    ]);
    expect(dumpText).toEqual(dump);
    expect(docs[docs.length - 1]?.message).toBe('Terminating instance');
  }, 120_000);
});
