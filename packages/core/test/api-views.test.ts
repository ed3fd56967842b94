/** `GET /errors`, `/errors/:fingerprint`, `/resources`, `/resources/:id` through the real app and server. */
import { runArchive } from '../src/archive/run';
import { ingest } from '../src/ingest/ingest';
import type { ApiApp } from '../src/api/types';
import type { Store } from '../src/store/connection';
import { clearIngestedData } from './ingest-fixtures';
import { appForTest, getJson, storeForTest } from './support/api-fixtures';
import { useTestDatabase } from './support/database';
import { HISTORY_INSTANCE, PROJECT, viewTraffic } from './views-fixtures';

const at = (hhmm: string): string => `2026-11-24T${hhmm}Z`;
/** The whole day of the traffic. */
const DAY = { from: at('00:00:00'), to: at('23:59:59') };
const sum = (counts: number[]): number => counts.reduce((a, b) => a + b, 0);

describe('error and resource routes', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let app: ApiApp;

  beforeAll(async () => {
    store = await storeForTest(testDb.client, testDb.db);
    await clearIngestedData(store);
    await ingest(store, viewTraffic().records);
    app = await appForTest(store);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists fingerprints by count with summaries, samples and sparklines that add up', async () => {
    const { status, body } = await getJson(app, '/errors', { from: at('10:00:00'), to: at('11:00:00') });
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 4, totalExact: true, page: 1, nextCursor: null });
    expect(body.items.map((e: { count: number }) => e.count)).toEqual([6, 6, 6, 6]);
    for (const item of body.items) {
      expect(sum(item.spark.counts)).toBe(item.count);
      expect(item.sample).toMatchObject({ id: expect.any(String), message: expect.any(String) });
      expect(item.isNew).toBe(true);
    }
    const spawn = body.items.find((e: { kind: string }) => e.kind === 'traceback');
    expect(spawn).toMatchObject({ hosts: ['cmp-04'], requestCount: 6, totalCount: 6, maxLevelName: 'ERROR' });
  });

  it('filters by host, service and level, and counts only inside the range', async () => {
    const host = await getJson(app, '/errors', { ...DAY, host: 'cmp-04' });
    expect(host.body.items.map((e: { exception: string }) => e.exception)).toEqual(['libvirt.libvirtError']);
    const service = await getJson(app, '/errors', { ...DAY, service: 'neutron-server' });
    expect(service.body.total).toBe(2);
    const errorsOnly = await getJson(app, '/errors', { ...DAY, minLevel: 'error' });
    expect(errorsOnly.body.total).toBe(3);
    // Rounds run at minutes 10, 13, …, 25: from 10:12 on, five of six spawn failures.
    const later = await getJson(app, '/errors', { host: 'cmp-04', from: at('10:12:00'), to: at('11:00:00') });
    expect(later.body.items[0]).toMatchObject({ count: 5, totalCount: 6, isNew: false });
  });

  it('covers the day before `to` when `from` is missing', async () => {
    expect((await getJson(app, '/errors', { to: at('23:00:00') })).body.total).toBe(4);
    expect((await getJson(app, '/errors', { to: '2026-11-25T12:00:00Z' })).body.total).toBe(0);
  });

  it('tells new fingerprints: first seen inside the range', async () => {
    const early = await getJson(app, '/errors', { from: at('10:00:00'), to: at('10:12:00'), newOnly: true });
    expect(early.body.total).toBe(4);
    const late = await getJson(app, '/errors', { from: at('10:12:00'), to: at('11:00:00'), newOnly: true });
    expect(late.body).toMatchObject({ total: 0, items: [] });
  });

  it('sorts by first and last seen and pages by cursor without gaps or repeats', async () => {
    const all = await getJson(app, '/errors', { ...DAY, sort: 'firstSeen', order: 'asc' });
    const firsts = all.body.items.map((e: { firstSeen: string }) => e.firstSeen);
    expect(firsts).toEqual([...firsts].sort());
    const first = await getJson(app, '/errors', { ...DAY, sort: 'lastSeen', limit: 3 });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await getJson(app, '/errors', { ...DAY, sort: 'lastSeen', limit: 3, cursor: first.body.nextCursor });
    expect(second.body).toMatchObject({ page: 2, total: 4, nextCursor: null });
    const seen = [...first.body.items, ...second.body.items].map((e: { fingerprint: string }) => e.fingerprint);
    expect(new Set(seen).size).toBe(4);
    const page2 = await getJson(app, '/errors', { ...DAY, sort: 'lastSeen', limit: 3, page: 2 });
    expect(page2.body.items.map((e: { fingerprint: string }) => e.fingerprint)).toEqual(seen.slice(3));
  });

  it('details one fingerprint: its requests, records and series', async () => {
    const list = await getJson(app, '/errors', { ...DAY, host: 'cmp-04' });
    const fingerprint = list.body.items[0].fingerprint;
    const { status, body } = await getJson(app, `/errors/${fingerprint}`, { points: 10 });
    expect(status).toBe(200);
    expect(body.error).toMatchObject({ fingerprint, count: 6 });
    expect(body.requests).toHaveLength(6);
    expect(body.records).toHaveLength(6);
    const times = body.records.map((r: { ts: string }) => r.ts);
    expect(times).toEqual([...times].sort().reverse());
    expect(sum(body.series.counts)).toBe(6);
    expect(body.series.counts.length).toBeLessThanOrEqual(10);
    expect((await getJson(app, '/errors/0000000000000000')).status).toBe(404);
  });

  it('lists resources failures first, by kind', async () => {
    const instances = await getJson(app, '/resources', { kind: 'instance' });
    expect(instances.body.total).toBe(7);
    expect(instances.body.items[0]).toMatchObject({ kind: 'instance', maxLevelName: 'ERROR' });
    expect(instances.body.items.at(-1)).toMatchObject({ id: HISTORY_INSTANCE, maxLevelName: 'INFO', requestCount: 5 });
    const volumes = await getJson(app, '/resources', { kind: 'volume', sort: 'firstSeen', order: 'asc' });
    expect(volumes.body.total).toBe(6);
    const none = await getJson(app, '/resources', { from: at('12:00:00') });
    expect(none.body.total).toBe(0);
  });

  it("gives a resource's history: its requests in time order with operation and outcome", async () => {
    const { status, body } = await getJson(app, `/resources/${HISTORY_INSTANCE.toUpperCase()}`);
    expect(status).toBe(200);
    expect(body.resource).toMatchObject({ id: HISTORY_INSTANCE, kind: 'instance', requestCount: 5 });
    expect(body.truncated).toBe(false);
    expect(body.requests.map((r: { operation: string; outcome: string }) => [r.operation, r.outcome])).toEqual([
      ['POST /v2.1/' + PROJECT + '/servers', 'ok'],
      [`POST /v2.1/${PROJECT}/servers/${HISTORY_INSTANCE}/action`, 'ok'],
      [`POST /v2.1/${PROJECT}/servers/${HISTORY_INSTANCE}/action`, 'error'],
      [`POST /v2.1/${PROJECT}/servers/${HISTORY_INSTANCE}/action`, 'ok'],
      [`DELETE /v2.1/${PROJECT}/servers/${HISTORY_INSTANCE}`, 'ok'],
    ]);
    const limited = await getJson(app, `/resources/${HISTORY_INSTANCE}`, { limit: 2 });
    expect(limited.body).toMatchObject({ truncated: true });
    expect(limited.body.requests).toHaveLength(2);
    expect((await getJson(app, '/resources/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it.each<[string, Record<string, string | number | boolean>, string]>([
    ['/errors', { sort: 'loudest' }, 'sort'],
    ['/errors', { minLevel: 'LOUD' }, 'minLevel'],
    ['/errors', { points: 0 }, 'points'],
    ['/errors', { newOnly: 'maybe' }, 'newOnly'],
    ['/errors', { from: '2026-11-24T11:00:00Z', to: '2026-11-24T10:00:00Z' }, 'from'],
    ['/errors', { from: 'yesterday' }, 'from'],
    ['/errors', { colour: 'red' }, 'colour'],
    ['/errors', { cursor: 'bm90IGEgY3Vyc29y' }, 'cursor'],
    ['/errors/not-a-fingerprint', {}, 'fingerprint'],
    ['/errors/0123456789abcdef', { limit: 0 }, 'limit'],
    ['/resources', { kind: 'flavor' }, 'kind'],
    ['/resources', { sort: 'name' }, 'sort'],
    ['/resources', { to: '2026-13-01' }, 'to'],
    ['/resources/not-a-uuid', {}, 'id'],
    ['/resources/00000000-0000-4000-8000-000000000000', { limit: 'all' }, 'limit'],
  ])('%s %j is a 400 naming %s', async (path, query, parameter) => {
    const { status, body } = await getJson(app, path, query);
    expect(status).toBe(400);
    expect(body.error.parameter).toBe(parameter);
  });

  it('reads the archive views after an archive run', async () => {
    await runArchive(store);
    const { body } = await getJson(app, '/errors', { ...DAY, collection: 'archive' });
    expect(body.total).toBe(4);
    // A spawn failure's instance was archived with its request; the history instance's requests hold no
    // WARNING+ log (the 500 is logged at INFO), so the archive does not know it.
    const failed = await getJson(app, '/resources/b0000000-0b5f-4a4e-9d1c-000000000000', { collection: 'archive' });
    // Its spawn request and the cinder request that attached a volume to it, both failed.
    expect(failed.body.requests.map((r: { outcome: string }) => r.outcome)).toEqual(['error', 'error']);
    expect((await getJson(app, `/resources/${HISTORY_INSTANCE}`, { collection: 'archive' })).status).toBe(404);
  });
});
