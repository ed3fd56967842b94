/** GET /volume and GET /values/:field through the app on the real test server. */
import type { ApiApp } from '../src/api/types';
import { appForTest, at, getJson, ingestLogs, storeForTest } from './support/api-fixtures';
import { useTestDatabase } from './support/database';

describe('GET /volume and GET /values/:field', () => {
  const testDb = useTestDatabase();
  let app: ApiApp;

  beforeAll(async () => {
    const store = await storeForTest(testDb.client, testDb.db);
    await ingestLogs(store, [
      // Minute 0: 3 INFO + 1 ERROR on compute-1; minute 1: 2 WARNING on controller-1; minute 5: 1 DEBUG.
      { ts: at(1), userId: 'u1', projectId: 'p1', requestId: 'req-aaaaaaaa-0000-4000-8000-000000000001' },
      { ts: at(2) },
      { ts: at(59.999) },
      { ts: at(30), level: 40, message: 'Instance failed to spawn' },
      {
        ts: at(60),
        level: 30,
        host: 'controller-1',
        service: 'nova-api',
        userId: 'u2',
        projectId: 'p2',
        requestId: 'req-bbbbbbbb-0000-4000-8000-000000000002',
      },
      { ts: at(119), level: 30, host: 'controller-1', service: 'nova-api' },
      { ts: at(300), level: 10, host: 'compute-2' },
    ]);
    app = await appForTest(store);
  });

  afterAll(async () => {
    await app?.close();
  });

  const range = { from: at(0).toISOString(), to: at(599).toISOString() };

  it('counts per level per minute from the rollup', async () => {
    const { status, body } = await getJson(app, '/volume', { ...range, step: 60 });
    expect(status).toBe(200);
    expect(body).toMatchObject({ from: range.from, to: range.to, step: 60, levels: ['INFO', 'WARNING', 'ERROR'] });
    expect(body.buckets).toHaveLength(10);
    expect(body.buckets[0]).toEqual({ ts: at(0).toISOString(), counts: { INFO: 3, WARNING: 0, ERROR: 1 } });
    expect(body.buckets[1]).toEqual({ ts: at(60).toISOString(), counts: { INFO: 0, WARNING: 2, ERROR: 0 } });
    expect(body.buckets[5].counts).toEqual({ INFO: 0, WARNING: 0, ERROR: 0 });
  });

  it('applies minLevel, host and service to the rollup', async () => {
    const all = await getJson(app, '/volume', { ...range, step: 300, minLevel: 'TRACE' });
    expect(all.body.levels).toEqual(['DEBUG', 'INFO', 'WARNING', 'ERROR']);
    expect(all.body.buckets.map((b: { counts: Record<string, number> }) => b.counts.DEBUG)).toEqual([0, 1]);
    const warn = await getJson(app, '/volume', { ...range, step: 600, minLevel: 'WARNING' });
    expect(warn.body.buckets).toEqual([{ ts: at(0).toISOString(), counts: { WARNING: 2, ERROR: 1 } }]);
    const host = await getJson(app, '/volume', { ...range, step: 600, host: 'controller-1' });
    expect(host.body.buckets[0].counts).toEqual({ WARNING: 2 });
    const service = await getJson(app, '/volume', { ...range, step: 600, service: 'nova-compute' });
    expect(service.body.buckets[0].counts).toEqual({ INFO: 3, ERROR: 1 });
  });

  it('counts from the logs when a filter or step needs them, with the same results', async () => {
    const fromLogs = await getJson(app, '/volume', { ...range, step: 30 });
    expect(fromLogs.body.buckets.slice(0, 4).map((b: { counts: Record<string, number> }) => b.counts)).toEqual([
      { INFO: 2, WARNING: 0, ERROR: 0 },
      { INFO: 1, WARNING: 0, ERROR: 1 },
      { INFO: 0, WARNING: 1, ERROR: 0 },
      { INFO: 0, WARNING: 1, ERROR: 0 },
    ]);
    const user = await getJson(app, '/volume', { ...range, step: 60, user: 'u2' });
    expect(user.body.buckets[1].counts).toEqual({ WARNING: 1 });
    const q = await getJson(app, '/volume', { ...range, step: 600, q: 'FAILED TO' });
    expect(q.body.buckets[0].counts).toEqual({ ERROR: 1 });
    const window = await getJson(app, '/volume', { around: at(60).toISOString(), span: 60, step: 60 });
    expect(window.body.buckets.map((b: { counts: Record<string, number> }) => b.counts.WARNING)).toEqual([0, 2, 0]);
    const archive = await getJson(app, '/volume', { ...range, step: 60, collection: 'archive' });
    expect(archive.body.levels).toEqual([]);
    expect(archive.body.buckets).toHaveLength(10);
  });

  it('picks a step when none is given and rejects too many buckets', async () => {
    const { body } = await getJson(app, '/volume', { from: at(0).toISOString(), to: at(86400).toISOString() });
    expect(body.step).toBe(600);
    expect(body.buckets.length).toBeLessThanOrEqual(200);
    const tooMany = await getJson(app, '/volume', { from: at(0).toISOString(), to: at(86400).toISOString(), step: 1 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.parameter).toBe('step');
    for (const step of [0, -60, 1.5, 'x', 2678401]) {
      const res = await getJson(app, '/volume', { ...range, step });
      expect(res.status).toBe(400);
      expect(res.body.error.parameter).toBe('step');
    }
    const unknown = await getJson(app, '/volume', { ...range, limit: 10 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.parameter).toBe('limit');
  });

  it.each([
    ['host', ['compute-1', 'compute-2', 'controller-1']],
    ['service', ['nova-api', 'nova-compute']],
    ['level', ['DEBUG', 'INFO', 'WARNING', 'ERROR']],
    ['project', ['p1', 'p2']],
    ['user', ['u1', 'u2']],
  ])('values of %s in the range', async (field, expected) => {
    const { status, body } = await getJson(app, `/values/${field}`, range);
    expect(status).toBe(200);
    expect(body).toEqual({ field, values: expected });
  });

  it('values respect the range and reject unknown fields', async () => {
    expect(
      (await getJson(app, '/values/host', { from: at(200).toISOString(), to: at(400).toISOString() })).body.values,
    ).toEqual(['compute-2']);
    expect(
      (await getJson(app, '/values/user', { from: at(61).toISOString(), to: at(400).toISOString() })).body.values,
    ).toEqual([]);
    expect((await getJson(app, '/values/host', { ...range, collection: 'archive' })).body.values).toEqual([]);
    const bad = await getJson(app, '/values/password');
    expect(bad.status).toBe(400);
    expect(bad.body.error.parameter).toBe('field');
    const unknown = await getJson(app, '/values/host', { host: 'x' });
    expect(unknown.body.error.parameter).toBe('host');
  });
});
