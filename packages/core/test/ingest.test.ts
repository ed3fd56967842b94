import { ingest, storeLogs } from '../src/ingest/ingest';
import { prepareLogs } from '../src/ingest/prepare';
import { applyRollups } from '../src/store/derived';
import { insertLogs } from '../src/store/logs';
import { recoverInFlight } from '../src/store/derived';
import { OccurrenceCounter } from '../src/ingest/stable-id';
import { rebuild } from '../src/store/derived';
import type { Store } from '../src/store/connection';
import { useTestDatabase } from './support/database';
import { clearIngestedData, derivedData, openTestStore, parsedLog } from './ingest-fixtures';

const REQ_A = 'req-6d2b3c1e-0b5f-4a4e-9d1c-1f2e3a4b5c6d';
const REQ_B = 'req-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const GLOBAL = 'req-11111111-2222-4333-8444-555555555555';
const t = (iso: string): Date => new Date(`2026-11-24T10:41:${iso}Z`);

function traffic() {
  return [
    parsedLog({
      ts: t('03.123'),
      service: 'nova-api',
      host: 'ctl-1',
      requestId: REQ_A,
      globalRequestId: GLOBAL,
      userId: 'u-admin',
      projectId: 'p-demo',
      message: 'Action: create server',
    }),
    parsedLog({ ts: t('03.900'), requestId: REQ_A, userId: 'u-admin', message: 'Starting instance...' }),
    parsedLog({
      ts: t('05.001'),
      level: 40,
      requestId: REQ_A,
      message: 'Instance failed to spawn',
      traceback: 'Traceback...',
    }),
    parsedLog({
      ts: t('05.500'),
      service: 'nova-api',
      host: 'ctl-1',
      requestId: REQ_A,
      remoteAddress: '10.0.0.1',
      httpMethod: 'POST',
      httpPath: '/v2.1/servers',
      httpStatus: 500,
      message: '10.0.0.1 "POST /v2.1/servers HTTP/1.1" status: 500 len: 120 time: 2.377',
    }),
    parsedLog({ ts: t('10.000'), service: 'neutron-server', host: 'net-1', requestId: REQ_B, message: 'GET ports' }),
    parsedLog({ ts: t('59.999'), level: 10, message: 'periodic task ran' }),
  ];
}

describe('ingest() on the real server', () => {
  const testDb = useTestDatabase();
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(testDb);
  });
  beforeEach(async () => {
    await clearIngestedData(store);
  });

  it('stores every record once; the same records again are duplicates that leave summaries untouched', async () => {
    expect(await ingest(store, traffic())).toEqual({ inserted: 6, duplicates: 0, rejected: 0, rejections: [] });
    const before = await derivedData(store);
    expect(await ingest(store, traffic())).toEqual({ inserted: 0, duplicates: 6, rejected: 0, rejections: [] });
    expect(await store.logs().countDocuments()).toBe(6);
    expect(await derivedData(store)).toEqual(before);
  });

  it('keeps two identical lines written in the same millisecond', async () => {
    const line = parsedLog({ ts: t('07.007'), message: 'Lock "compute_resources" acquired' });
    expect(await ingest(store, [line, { ...line }])).toEqual({
      inserted: 2,
      duplicates: 0,
      rejected: 0,
      rejections: [],
    });
    // The same pair again (the same stream read twice) adds nothing; a third copy is new.
    expect(await ingest(store, [line, { ...line }, { ...line }])).toEqual({
      inserted: 1,
      duplicates: 2,
      rejected: 0,
      rejections: [],
    });
  });

  it('numbers identical lines across batches of one stream', async () => {
    const line = parsedLog({ ts: t('08.008'), message: 'same' });
    const stream = new OccurrenceCounter();
    expect(await ingest(store, [line], { occurrences: stream })).toEqual({
      inserted: 1,
      duplicates: 0,
      rejected: 0,
      rejections: [],
    });
    expect(await ingest(store, [line], { occurrences: stream })).toEqual({
      inserted: 1,
      duplicates: 0,
      rejected: 0,
      rejections: [],
    });
  });

  it('builds request summaries and volume buckets, and a rebuild gives the same', async () => {
    const records = traffic();
    await ingest(store, records.slice(0, 2));
    await ingest(store, records.slice(2));
    const a = await store.requests().findOne({ _id: REQ_A });
    expect(a).toMatchObject({
      start: t('03.123'),
      end: t('05.500'),
      durationMs: 2377,
      count: 4,
      levelCounts: { INFO: 3, ERROR: 1 },
      maxLevel: 40,
      globalRequestId: GLOBAL,
      userId: 'u-admin',
      projectId: 'p-demo',
      remoteAddress: '10.0.0.1',
      httpMethod: 'POST',
      httpPath: '/v2.1/servers',
      httpStatus: 500,
      userName: null,
    });
    expect([...(a?.services ?? [])].sort()).toEqual(['nova-api', 'nova-compute']);
    expect([...(a?.hosts ?? [])].sort()).toEqual(['compute-1', 'ctl-1']);
    expect(await store.requests().findOne({ _id: REQ_B })).toMatchObject({ count: 1, durationMs: 0, userId: null });
    expect(await store.requests().countDocuments()).toBe(2);

    const minute = await store.volume().find({ service: 'nova-compute', level: 20 }).toArray();
    expect(minute.map((v) => [v.minute.toISOString(), v.host, v.count])).toEqual([
      ['2026-11-24T10:41:00.000Z', 'compute-1', 1],
    ]);
    const total = await store.volume().find().toArray();
    expect(total.reduce((sum, v) => sum + v.count, 0)).toBe(6);

    const ingested = await derivedData(store);
    const progress: number[] = [];
    const result = await rebuild(store, { batchSize: 4, onProgress: (p) => progress.push(p.processed) });
    expect(result).toEqual({
      logs: 6,
      requests: 2,
      volumeBuckets: ingested.volume?.length,
      errors: 1,
      resources: 0,
      archivedLogs: 0,
    });
    expect(progress).toEqual([4, 6]);
    expect(await derivedData(store)).toEqual(ingested);
  });

  it('masks secrets in extra fields and in message text before storing', async () => {
    const record = parsedLog({
      ts: t('09.000'),
      message: 'REQ: curl -g -i -X GET http://ctl:8774 -H "X-Auth-Token: gAAAAABsecretsecret"',
      traceback: 'password=hunter2 was rejected',
      extra: { auth_token: 'gAAAAAB', context: { service_catalog: [{ x: 1 }], user: 'u' } },
    });
    await ingest(store, [record]);
    const stored = await store.logs().findOne({});
    expect(stored?.message).not.toContain('gAAAAABsecretsecret');
    expect(stored?.message).toContain('X-Auth-Token: ***');
    expect(stored?.traceback).toBe('password=*** was rejected');
    expect(stored?.extra).toEqual({ auth_token: '***', context: { service_catalog: '***', user: 'u' } });
    expect(stored).not.toHaveProperty('raw');
  });

  it('recovers a batch cut short anywhere between insert and rollups, without counting anything twice', async () => {
    await ingest(store, traffic().slice(0, 2));
    const ingestedAt = new Date();
    const { docs } = prepareLogs(traffic().slice(2), new OccurrenceCounter(), ingestedAt);
    const batch = { ingestedAt, ids: docs.map((doc) => doc._id) };
    // Crash 1: inserted, half of the rollups applied.
    const { inserted } = await insertLogs(store, docs);
    await applyRollups(store, inserted.slice(0, 2));
    expect(await recoverInFlight(store, batch)).toBe(docs.length);
    const recovered = await derivedData(store);
    // Recovery is idempotent: a crash during it, or after a batch that had finished, changes nothing.
    await recoverInFlight(store, batch);
    expect(await derivedData(store)).toEqual(recovered);
    await rebuild(store);
    expect(await derivedData(store)).toEqual(recovered);
    // The re-read after recovery finds only duplicates and leaves the summaries alone.
    expect(await storeLogs(store, docs)).toEqual({ inserted: 0, duplicates: docs.length, refused: [] });
    expect(await derivedData(store)).toEqual(recovered);
  });
});
