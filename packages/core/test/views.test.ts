/**
 * The error and resource views on the real server: exact whatever order, batching, repetition or
 * concurrency the logs arrive with, equal to a fresh `rebuild`, and folded for the archive from exactly
 * the logs an archive run copied.
 */
import { LEVELS } from '@logcas/contract';
import { runArchive } from '../src/archive/run';
import { errorSignature } from '../src/classify/fingerprint';
import { ingest } from '../src/ingest/ingest';
import { viewCollection, type StoredError, type StoredPair, type StoredResource } from '../src/store/collections';
import type { Store } from '../src/store/connection';
import { rebuild } from '../src/store/derived';
import { clearIngestedData, derivedData, openTestStore } from './ingest-fixtures';
import { useTestDatabase } from './support/database';
import { HISTORY_INSTANCE, shuffled, viewTraffic } from './views-fixtures';

async function ingestInBatches(store: Store, records: ReturnType<typeof viewTraffic>['records'], size: number) {
  for (let i = 0; i < records.length; i += size) await ingest(store, records.slice(i, i + size));
}

describe('error and resource views', () => {
  const testDb = useTestDatabase();
  let store: Store;
  const traffic = viewTraffic();
  const spawn = traffic.records.filter((r) => r.traceback !== null);
  const spawnFingerprint = errorSignature(spawn[0] as never)?.fingerprint as string;
  let expected: Record<string, unknown[]>;

  beforeAll(async () => {
    store = await openTestStore(testDb);
    await clearIngestedData(store);
    await ingestInBatches(store, traffic.records, 7);
    expected = await derivedData(store);
  });

  it('sums one recurring traceback into one fingerprint with exact counts, requests, hosts and sample', async () => {
    expect(spawn).toHaveLength(6);
    const summary = await store.collection<StoredError>('errors').findOne({ _id: spawnFingerprint });
    const ids = (await store.logs().find({ fingerprint: spawnFingerprint }).toArray()).map((log) => log._id).sort();
    expect(summary).toMatchObject({
      kind: 'traceback',
      exception: 'libvirt.libvirtError',
      location: 'nova/virt/libvirt/driver.py:spawn',
      count: 6,
      levelCounts: { ERROR: 6 },
      maxLevel: LEVELS.ERROR,
      hosts: ['cmp-04'],
      services: ['nova-compute'],
      loggers: ['nova.compute.manager'],
      requestCount: traffic.spawnRequests.size,
      sample: { id: ids[0], levelName: 'ERROR', host: 'cmp-04' },
      firstSeen: spawn[0]?.ts,
      lastSeen: spawn[5]?.ts,
    });
    const buckets = await store.collection('error_buckets').find({ fingerprint: spawnFingerprint }).toArray();
    expect(buckets.reduce((sum, b) => sum + (b.count as number), 0)).toBe(6);
  });

  it('gives one fingerprint per error class across ids, hosts and numbers', async () => {
    const summaries = await store.collection<StoredError>('errors').find().toArray();
    const titles = summaries.map((s) => `${s.title} ×${s.count}`).sort();
    expect(titles).toEqual([
      'cinder.volume.manager: Timed out waiting for volume <uuid> to attach after <n> seconds ×6',
      'libvirt.libvirtError in nova/virt/libvirt/driver.py:spawn ×6',
      "neutron.plugins.ml2.managers: Failed to bind port <uuid> on host cmp-<n> for vnic_type normal using segments [{'<*>': '<*>', '<*>': '<*>', '<*>': <n>}] ×6",
      'neutron.plugins.ml2.managers: Port <uuid> binding failed on host cmp-<n> ×6',
    ]);
  });

  it("keeps an instance's requests with their times, and kinds from the text", async () => {
    const resource = await store.collection<StoredResource>('resources').findOne({ _id: HISTORY_INSTANCE });
    expect(resource).toMatchObject({ kinds: ['instance'], requestCount: 5, count: 5 });
    const pairs = await store
      .collection<StoredPair>('resource_requests')
      .find({ key: HISTORY_INSTANCE })
      .sort({ first: 1 })
      .toArray();
    expect(pairs).toHaveLength(5);
    const kinds = await store.collection<StoredResource>('resources').find().toArray();
    const byKind = new Map<string, number>();
    for (const r of kinds) for (const kind of r.kinds) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    // 6 spawn instances + the history instance, 6 ports, 6 volumes; the segment ids are untold.
    expect(Object.fromEntries(byKind)).toEqual({ instance: 7, port: 6, volume: 6, unknown: 6 });
    // No request, user or project id became a resource.
    const ids = new Set(kinds.map((r) => r._id));
    for (const record of traffic.records) expect(ids.has((record.requestId ?? '').replace('req-', ''))).toBe(false);
  });

  it.each([
    ['shuffled, batches of 2', 11, 2],
    ['shuffled, batches of 5', 23, 5],
    ['reversed, one batch', 0, 1000],
  ])('are the same in any arrival order (%s)', async (_what, seed, size) => {
    await clearIngestedData(store);
    const order = seed === 0 ? [...traffic.records].reverse() : shuffled(traffic.records, seed);
    await ingestInBatches(store, order, size);
    expect(await derivedData(store)).toEqual(expected);
  });

  it('are unchanged by re-ingesting, by concurrent ingesters and equal a fresh rebuild', async () => {
    await clearIngestedData(store);
    const half = Math.floor(traffic.records.length / 2);
    // Two ingesters with overlapping halves at once; then everything again.
    await Promise.all([
      ingestInBatches(store, traffic.records.slice(0, half + 10), 3),
      ingestInBatches(store, shuffled(traffic.records.slice(half - 10), 5), 4),
    ]);
    await ingest(store, traffic.records);
    expect(await derivedData(store)).toEqual(expected);
    await rebuild(store, { batchSize: 9 });
    expect(await derivedData(store)).toEqual(expected);
  });

  it('folds the archive views from exactly the archived logs', async () => {
    await clearIngestedData(store);
    await store.logs('archive').deleteMany({});
    await store.requests('archive').deleteMany({});
    await store.meta().deleteMany({});
    await ingestInBatches(store, traffic.records, 7);
    await runArchive(store);
    const archived = await derivedData(store, 'archive');
    await runArchive(store, { skewMarginMs: 10 ** 12 });
    expect(await derivedData(store, 'archive')).toEqual(archived);
    const copied = await store.logs('archive').countDocuments({ fingerprint: spawnFingerprint });
    expect(copied).toBe(6);
    const summary = await store
      .collection<StoredError>(viewCollection('archive', 'errors'))
      .findOne({ _id: spawnFingerprint });
    expect(summary?.count).toBe(6);
    await rebuild(store);
    expect(await derivedData(store, 'archive')).toEqual(archived);
  });
});
