import { ingest } from '../src/ingest/ingest';
import { LEVELS } from '@logcas/contract';
import { prune } from '../src/archive/prune';
import { runArchive } from '../src/archive/run';
import type { Store } from '../src/store/connection';
import { useTestDatabase } from './support/database';
import { T0, ids, openTestStore, record } from './archive-helpers';

const { INFO, ERROR } = LEVELS;
const MINUTE = 60000;

describe('prune on the real server', () => {
  const testDb = useTestDatabase();
  let store: Store;

  beforeAll(async () => {
    store = await openTestStore(testDb);
    await ingest(store, [
      // Old: req-old ends before the cutoff (T0 + 10 min).
      record(0, ERROR, 'req-old'),
      record(MINUTE, INFO, 'req-old'),
      // Straddles the cutoff: its early log goes, its summary stays.
      record(9 * MINUTE, INFO, 'req-mid'),
      record(11 * MINUTE, INFO, 'req-mid'),
      // New.
      record(20 * MINUTE, INFO, 'req-new'),
    ]);
    await runArchive(store);
  });

  it('deletes live logs, finished summaries and volume older than the cutoff, keeps the archive', async () => {
    const now = new Date(T0 + 24 * 60 * MINUTE + 10 * MINUTE + 30000);
    const result = await prune(store, { olderThanMs: 24 * 60 * MINUTE, now });
    // The cutoff is rounded down to the minute so volume buckets go whole.
    expect(result.cutoff).toBe(new Date(T0 + 10 * MINUTE).toISOString());
    // The ERROR's fingerprint: its summary, its minute bucket and its request pair.
    expect(result.live).toEqual({ logs: 3, requests: 1, volume: 3, views: 3 });
    expect(result.archive).toBeNull();
    expect(await store.logs('live').countDocuments()).toBe(2);
    expect((await store.requests('live').find().toArray()).map((r) => r._id).sort()).toEqual(['req-mid', 'req-new']);
    const minutes = (await store.volume().find().toArray()).map((v) => v.minute.getTime());
    expect(Math.min(...minutes)).toBeGreaterThanOrEqual(T0 + 10 * MINUTE);
    // Volume still adds up to the live logs.
    const volumeTotal = (await store.volume().find().toArray()).reduce((sum, v) => sum + v.count, 0);
    expect(volumeTotal).toBe(2);
    expect(await ids(store, 'archive', { requestId: 'req-old' })).toHaveLength(2);
  });

  it('prunes the archive too with archive: true', async () => {
    const now = new Date(T0 + 24 * 60 * MINUTE + 10 * MINUTE);
    const result = await prune(store, { olderThanMs: 24 * 60 * MINUTE, now, archive: true });
    expect(result.live.logs).toBe(0);
    expect(result.archive).toEqual({ logs: 2, requests: 1, volume: 0, views: 3 });
    expect(await store.logs('archive').countDocuments()).toBe(0);
    expect(await store.requests('archive').countDocuments()).toBe(0);
  });
});
