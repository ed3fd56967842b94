/**
 * Summaries folded batch after batch are stored at the size their readers see. DocumentDB (FerretDB 2 over
 * PostgreSQL) keeps a hidden second copy of an array whenever one update both changes a document and
 * `$addToSet`s a value it already holds; a summary then doubled in storage with every fold until it passed
 * 16 MiB and its next fold failed (bench/engine-bugs.ts). Run this suite with MONGODB_URI on such an engine
 * to check the folds there; on MongoDB and FerretDB 1.24 it checks the same sizes.
 */
import { BSON } from 'mongodb';
import { ingest } from '../src/ingest/ingest';
import { viewCollection } from '../src/store/collections';
import type { Store } from '../src/store/connection';
import { clearIngestedData, openTestStore, parsedLog } from './ingest-fixtures';
import { useTestDatabase } from './support/database';

const INSTANCE = '3f0c1e8a-5b2d-4c7e-9a1f-6d4b2c8e0a17';
const START = Date.UTC(2026, 10, 24, 10, 0, 0);

/**
 * Batch `n`: the same request, the same traceback and the same instance, logged by a host seen before and by
 * a new one, by the same service — so every fold adds a host and re-adds a held host and service.
 */
function batch(n: number) {
  const at = (second: number) => new Date(START + n * 60_000 + second * 1000);
  const common = {
    requestId: 'req-4d1c7b2e-9a3f-4e8b-b6c5-0f2a1d3e5c7b',
    service: 'nova-compute',
    logger: 'nova.compute.manager',
  };
  return ['compute-000', `compute-${String(n + 1).padStart(3, '0')}`].map((host, i) =>
    parsedLog({
      ...common,
      ts: at(i),
      host,
      level: 40,
      levelName: 'ERROR',
      message: `[instance: ${INSTANCE}] Instance failed to spawn`,
      traceback:
        'Traceback (most recent call last):\n' +
        '  File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line 2745, in _build_resources\n' +
        '    yield resources\n' +
        '  File "/usr/lib/python3/dist-packages/nova/virt/libvirt/driver.py", line 4411, in spawn\n' +
        '    self._create_guest_with_network(\n' +
        `libvirt.libvirtError: internal error: process exited while connecting to monitor (attempt ${n})`,
    }),
  );
}

describe('folded summaries in storage', () => {
  const testDb = useTestDatabase();
  let store: Store;

  beforeAll(async () => {
    store = await openTestStore(testDb);
    await clearIngestedData(store);
    for (let n = 0; n < 12; n += 1) await ingest(store, batch(n));
  });

  afterAll(async () => {
    await store?.close();
  });

  it.each([
    ['requests', 'request summary'],
    [viewCollection('live', 'errors'), 'error summary'],
    [viewCollection('live', 'resources'), 'resource summary'],
  ])('keeps each %s document (%s) the size it reads back as', async (collection) => {
    const stored = await store.collection(collection).find({}, { raw: true }).toArray();
    expect(stored.length).toBeGreaterThan(0);
    for (const raw of stored as unknown as Buffer[]) {
      const doc = BSON.deserialize(raw);
      expect({ id: doc._id, bytes: raw.length }).toEqual({ id: doc._id, bytes: BSON.calculateObjectSize(doc) });
    }
  });

  it('folds every batch into one summary per request, fingerprint and instance', async () => {
    const hosts = Array.from({ length: 13 }, (_, n) => `compute-${String(n).padStart(3, '0')}`);
    const [request] = await store.requests().find({}).toArray();
    const [error] = await store.collection(viewCollection('live', 'errors')).find({}).toArray();
    const resource = await store.collection(viewCollection('live', 'resources')).findOne({ _id: INSTANCE } as never);
    for (const summary of [request, error, resource]) {
      expect(summary).toMatchObject({ count: 24, services: ['nova-compute'] });
      expect([...(summary?.hosts as string[])].sort()).toEqual(hosts);
    }
  });
});
