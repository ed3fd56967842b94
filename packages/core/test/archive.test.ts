import { MongoClient } from 'mongodb';
import { ConflictError, ValidationError } from '../src/errors';
import { ingest } from '../src/ingest/ingest';
import { LEVELS } from '@logcas/contract';
import { ARCHIVE_WATERMARK, runArchive } from '../src/archive/run';
import { ARCHIVE_LEASE, holdArchiveLease } from '../src/archive/lease';
import { detectCapabilities } from '../src/store/connection';
import { storeOver, type Store } from '../src/store/connection';
import { acquireLease, readLease, releaseLease } from '../src/store/leases';
import { useTestDatabase } from './support/database';
import { ids, openTestStore, record } from './archive-helpers';

const { DEBUG, INFO, WARNING, ERROR } = LEVELS;

describe('archive run on the real server', () => {
  const testDb = useTestDatabase();
  let store: Store;

  beforeAll(async () => {
    store = await openTestStore(testDb);
  });

  it('copies WARNING+ logs and every log of each request whose lifetime contains one, keeping ids', async () => {
    await ingest(store, [
      // req-1 holds the trigger itself.
      record(0, INFO, 'req-1'),
      record(1000, WARNING, 'req-1'),
      record(2000, INFO, 'req-1'),
      // req-2 has no warning but was in flight at T0+1s.
      record(-5000, DEBUG, 'req-2', { host: 'controller-1', service: 'nova-api' }),
      record(10000, INFO, 'req-2', { host: 'controller-1', service: 'nova-api' }),
      // req-3 ran at another time; req-4 only debug, far away.
      record(20000, INFO, 'req-3'),
      record(30000, INFO, 'req-3'),
      record(600000, DEBUG, 'req-4'),
      // A lone ERROR without a request, far from every request.
      record(120000, ERROR, null),
      record(121000, INFO, null),
    ]);
    const result = await runArchive(store);
    const expected = [
      ...(await ids(store, 'live', { requestId: { $in: ['req-1', 'req-2'] } })),
      ...(await ids(store, 'live', { level: { $gte: WARNING }, requestId: null })),
    ].sort();
    expect(await ids(store, 'archive')).toEqual(expected);
    expect(result).toMatchObject({ logsCopied: 6, requestsCopied: 2, triggers: 2 });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);

    const archivedRequests = await store.requests('archive').find().sort({ _id: 1 }).toArray();
    expect(archivedRequests.map((r) => r._id)).toEqual(['req-1', 'req-2']);
    const live = await store.requests('live').findOne({ _id: 'req-1' });
    expect(archivedRequests[0]).toEqual(live);
    // Copies are the same documents, ids included.
    const oneLive = await store.logs('live').findOne({ requestId: 'req-2' });
    expect(await store.logs('archive').findOne({ _id: oneLive?._id })).toEqual(oneLive);
    expect(await store.meta().findOne({ _id: ARCHIVE_WATERMARK })).not.toBeNull();
  });

  it('changes nothing when run again right away', async () => {
    const before = await store.logs('archive').find().sort({ _id: 1 }).toArray();
    const beforeRequests = await store.requests('archive').find().sort({ _id: 1 }).toArray();
    const result = await runArchive(store);
    expect(result).toMatchObject({ logsCopied: 0, requestsCopied: 0, triggers: 0 });
    expect(await store.logs('archive').find().sort({ _id: 1 }).toArray()).toEqual(before);
    expect(await store.requests('archive').find().sort({ _id: 1 }).toArray()).toEqual(beforeRequests);
  });

  it('copies late logs of an archived request, late requests and late triggers on the next run', async () => {
    await ingest(store, [
      // A late log of req-1, already archived: copied, and its summary refreshed.
      record(2500, INFO, 'req-1', { host: 'compute-2' }),
      // req-5 arrives late, in flight at the archived trigger's time T0+1s.
      record(500, INFO, 'req-5', { service: 'neutron-server' }),
      record(1500, INFO, 'req-5', { service: 'neutron-server' }),
      // A late WARNING without a request at T0+25s: req-3 (T0+20s..30s) contained it.
      record(25000, WARNING, null, { service: 'cinder-volume' }),
    ]);
    const result = await runArchive(store);
    expect(result).toMatchObject({ logsCopied: 1 + 2 + 1 + 2, requestsCopied: 3, triggers: 1 });
    expect(await ids(store, 'archive', { requestId: 'req-1' })).toEqual(
      await ids(store, 'live', { requestId: 'req-1' }),
    );
    expect(await ids(store, 'archive', { requestId: 'req-5' })).toHaveLength(2);
    expect(await ids(store, 'archive', { requestId: 'req-3' })).toHaveLength(2);
    expect(await ids(store, 'archive', { requestId: 'req-4' })).toHaveLength(0);
    const archived = await store.requests('archive').findOne({ _id: 'req-1' });
    expect(archived?.count).toBe(4);
    expect(archived?.hosts).toEqual(expect.arrayContaining(['compute-1', 'compute-2']));
    expect(await runArchive(store)).toMatchObject({ logsCopied: 0, requestsCopied: 0, triggers: 0 });
  });

  it('sees logs stamped by a process whose clock lags, within the skew margin, and keeps no duplicates', async () => {
    const lagging = new Date(Date.now() - 60000);
    await ingest(store, [record(40000, ERROR, 'req-6'), record(41000, INFO, 'req-6')], { now: lagging });
    expect(await runArchive(store, { skewMarginMs: 120000 })).toMatchObject({ logsCopied: 2, triggers: 1 });
    // With no margin, a log stamped before the watermark is out of the window: the watermark is real.
    await ingest(store, [record(42000, INFO, 'req-6')], { now: new Date(Date.now() - 60000) });
    expect(await runArchive(store, { skewMarginMs: 0 })).toMatchObject({ logsCopied: 0 });
    const all = await ids(store, 'archive');
    expect(new Set(all).size).toBe(all.length);
    expect(await store.logs('archive').countDocuments()).toBe(all.length);
  });

  it('archives in several batches the same way as in one', async () => {
    const many = Array.from({ length: 45 }, (_unused, i) =>
      record(900000 + i * 100, i % 15 === 0 ? ERROR : INFO, `req-b${i % 5}`),
    );
    await ingest(store, many);
    const result = await runArchive(store, { batchSize: 7 });
    expect(result.triggers).toBe(3);
    for (let i = 0; i < 5; i++) {
      expect(await ids(store, 'archive', { requestId: `req-b${i}` })).toEqual(
        await ids(store, 'live', { requestId: `req-b${i}` }),
      );
    }
  });

  it.each([{ minLevel: -1 }, { minLevel: 30.5 }, { batchSize: 0 }, { skewMarginMs: -5 }])(
    'rejects bad options %j naming them',
    async (options) => {
      await expect(runArchive(store, options)).rejects.toThrow(ValidationError);
      await expect(runArchive(store, options)).rejects.toThrow(Object.keys(options)[0] as string);
    },
  );

  describe('lease', () => {
    it('refuses a run while another holder has a live lease, and takes an expired one over', async () => {
      expect(await acquireLease(store, ARCHIVE_LEASE, 'other-host:1', 60000)).toBe(true);
      await expect(runArchive(store)).rejects.toThrow(ConflictError);
      await expect(runArchive(store)).rejects.toThrow(/other-host:1/);
      // The same holder's lease once expired (taken two minutes ago for one): the next run takes it over.
      expect(await acquireLease(store, ARCHIVE_LEASE, 'other-host:1', 60000, new Date(Date.now() - 120000))).toBe(true);
      await expect(runArchive(store, { holder: 'archiver:3' })).resolves.toMatchObject({ logsCopied: 0 });
      const after = await readLease(store, ARCHIVE_LEASE);
      expect(after?.holder).toBe('archiver:3');
      // Released when the run ended: free for anyone now.
      expect(after!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now());
      expect(await acquireLease(store, ARCHIVE_LEASE, 'other-host:1', 1000, new Date(0))).toBe(true);
    });

    it('lets exactly one of many contenders take a free lease, every time', async () => {
      for (let round = 0; round < 10; round++) {
        const name = `contended-${round}`;
        if (round % 2 === 1) {
          // An expired lease of an earlier holder, rather than none at all.
          expect(await acquireLease(store, name, 'old', 1000, new Date(Date.now() - 60000))).toBe(true);
        }
        const outcomes = await Promise.all(
          Array.from({ length: 8 }, (_u, i) => acquireLease(store, name, `contender-${i}`, 60000)),
        );
        expect(outcomes.filter(Boolean)).toHaveLength(1);
        const winner = `contender-${outcomes.indexOf(true)}`;
        expect((await readLease(store, name))?.holder).toBe(winner);
      }
    });

    it('renews a held lease so a competitor stays out past the first expiry, and notices when it is lost', async () => {
      const held = await holdArchiveLease(store, 1500, 'long-run:1');
      try {
        // Three times the TTL later the lease is still held thanks to renewals every 500 ms.
        await new Promise((resolve) => setTimeout(resolve, 4500));
        expect(() => held.check()).not.toThrow();
        expect(await acquireLease(store, ARCHIVE_LEASE, 'competitor:2', 1500)).toBe(false);
        expect((await readLease(store, ARCHIVE_LEASE))?.holder).toBe('long-run:1');
        // A competitor whose clock runs ahead sees the lease expired and takes it over.
        expect(await acquireLease(store, ARCHIVE_LEASE, 'competitor:2', 60000, new Date(Date.now() + 60000))).toBe(
          true,
        );
        let lost = false;
        for (let i = 0; i < 100 && !lost; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          try {
            held.check();
          } catch (error) {
            lost = error instanceof ConflictError;
          }
        }
        expect(lost).toBe(true);
      } finally {
        await held.release();
      }
      // Releasing a lease that another holder took leaves theirs alone.
      const current = await readLease(store, ARCHIVE_LEASE);
      expect(current?.holder).toBe('competitor:2');
      expect(current!.expiresAt.getTime()).toBeGreaterThan(Date.now());
      await releaseLease(store, ARCHIVE_LEASE, 'competitor:2');
    });

    it('lets exactly one of two concurrent runs from two connections proceed', async () => {
      await ingest(
        store,
        Array.from({ length: 200 }, (_u, i) =>
          record(2000000 + i * 10, i % 10 === 0 ? WARNING : INFO, `req-c${i % 20}`),
        ),
      );
      const otherClient = await MongoClient.connect(testDb.uri);
      try {
        const otherDb = otherClient.db(testDb.name);
        const other = storeOver(otherClient, otherDb, await detectCapabilities(otherDb));
        const outcomes = await Promise.allSettled([
          runArchive(store, { batchSize: 20 }),
          runArchive(other, { batchSize: 20 }),
        ]);
        const fulfilled = outcomes.filter((o) => o.status === 'fulfilled');
        const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(fulfilled).toHaveLength(1);
        expect(rejected).toHaveLength(1);
        expect(rejected[0]?.reason).toBeInstanceOf(ConflictError);
        expect((fulfilled[0] as PromiseFulfilledResult<{ triggers: number }>).value.triggers).toBe(20);
      } finally {
        await otherClient.close();
      }
      const all = await ids(store, 'archive');
      expect(new Set(all).size).toBe(all.length);
      expect(await ids(store, 'archive', { requestId: /^req-c/ })).toEqual(
        await ids(store, 'live', { requestId: /^req-c/ }),
      );
    });
  });
});
