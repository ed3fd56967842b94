/**
 * Standing retention chosen by the engine's capability (archive/prune.ts `retain`): TTL indexes where the
 * engine builds them, one prune now where it refuses them (FerretDB 1.24, the CI server). Which one to
 * expect is read independently from the server's buildInfo.
 */
import { LEVELS } from '@logcas/contract';
import type { IndexDescription } from 'mongodb';
import { ingest } from '../src/ingest/ingest';
import { retain } from '../src/archive/prune';
import type { Store } from '../src/store/connection';
import { TTL_INDEXES } from '../src/store/ttl';
import { useTestDatabase } from './support/database';
import { T0, openTestStore, record } from './archive-helpers';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('retention by capability', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let expected: 'ttl' | 'prune';

  beforeAll(async () => {
    store = await openTestStore(testDb);
    const info = await testDb.db.admin().command({ buildInfo: 1 });
    expected = String(info.ferretdbVersion ?? '').startsWith('v1.') ? 'prune' : 'ttl';
    await ingest(store, [
      record(0, LEVELS.ERROR, 'req-old'),
      record(MINUTE, LEVELS.INFO, 'req-old'),
      record(20 * MINUTE, LEVELS.INFO, 'req-new'),
    ]);
  });

  const ttlOf = async (collection: string, name: string): Promise<number | undefined> => {
    const indexes = (await testDb.db.collection(collection).listIndexes().toArray()) as IndexDescription[];
    const index = indexes.find((candidate) => candidate.name === name);
    if (!index) throw new Error(`index ${name} is missing on ${collection}`);
    return index.expireAfterSeconds;
  };

  it('keeps the retention with TTL indexes, or prunes now where the engine has none', async () => {
    const now = new Date(T0 + DAY + 10 * MINUTE);
    const result = await retain(store, { olderThanMs: DAY, now });
    expect(result.mode).toBe(expected);
    if (result.mode === 'prune') {
      expect(result.pruned.live).toMatchObject({ logs: 2, requests: 1, volume: 2 });
      expect(await store.logs().countDocuments()).toBe(1);
      // Nothing half-built: the engine refused the first TTL index, so none exists and `minute` is unchanged.
      expect(await ttlOf('volume', 'minute')).toBeUndefined();
      const logIndexes = (await testDb.db.collection('logs').listIndexes().toArray()).map((index) => index.name);
      expect(logIndexes).not.toContain('ts_ttl');
      return;
    }
    for (const index of TTL_INDEXES) expect(await ttlOf(index.collection, index.name)).toBe(DAY / 1000);
    expect(result.pruned.live).toMatchObject({ logs: 0, requests: 0, volume: 0 });
  });

  it('changes the expiry when run again with another duration (TTL) or prunes again (no TTL)', async () => {
    const result = await retain(store, { olderThanMs: 2 * DAY, now: new Date(T0 + 3 * DAY) });
    expect(result.mode).toBe(expected);
    if (result.mode === 'prune') {
      expect(result.pruned.live.logs).toBe(1);
      return;
    }
    for (const index of TTL_INDEXES) expect(await ttlOf(index.collection, index.name)).toBe((2 * DAY) / 1000);
  });

  it('refuses a retention under a second', async () => {
    await expect(retain(store, { olderThanMs: 10 })).rejects.toThrow('older-than');
  });
});
