/** Totals stop counting at 10,000 and say so; /health and the OpenAPI document. */
import type { ApiApp } from '../src/api/types';
import type { StoredLog } from '../src/store/collections';
import { appForTest, at, getJson, parsedLog, storeForTest } from './support/api-fixtures';
import { useTestDatabase } from './support/database';

describe('capped totals', () => {
  const testDb = useTestDatabase();
  let app: ApiApp;

  beforeAll(async () => {
    const store = await storeForTest(testDb.client, testDb.db);
    // Inserted directly (no rollups needed here): 10,050 INFO logs and 20 ERROR logs.
    const docs: StoredLog[] = Array.from({ length: 10_070 }, (_, i) => {
      const { raw: _raw, ...log } = parsedLog({ ts: at(i / 10), level: i < 10_050 ? 20 : 40 });
      return {
        ...log,
        _id: `log-${String(i).padStart(6, '0')}`,
        fingerprint: null,
        resources: [],
        ingestedAt: new Date(),
      };
    });
    for (let i = 0; i < docs.length; i += 5000) await store.logs().insertMany(docs.slice(i, i + 5000));
    app = await appForTest(store);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('stops at the cap with totalExact false, on pages and cursors', async () => {
    const first = await getJson(app, '/logs', { limit: 50 });
    expect(first.body).toMatchObject({ total: 10_000, totalExact: false, page: 1 });
    const third = await getJson(app, '/logs', { limit: 50, page: 3 });
    expect(third.body).toMatchObject({ total: 10_000, totalExact: false, page: 3 });
    const next = await getJson(app, '/logs', { limit: 50, cursor: first.body.nextCursor });
    expect(next.body).toMatchObject({ total: 10_000, totalExact: false, page: 2 });
    expect(next.body.items[0].id).toBe('log-000050');
  });

  it('counts exactly below the cap', async () => {
    const errors = await getJson(app, '/logs', { minLevel: 'ERROR', limit: 5 });
    expect(errors.body).toMatchObject({ total: 20, totalExact: true });
    const window = await getJson(app, '/logs', { from: at(0).toISOString(), to: at(999.9).toISOString(), limit: 10 });
    expect(window.body).toMatchObject({ total: 10_000, totalExact: true });
    const last = await getJson(app, '/logs', { limit: 5000, page: 3, minLevel: 'INFO' });
    expect(last.body.items).toHaveLength(70);
    expect(last.body.nextCursor).toBeNull();
  });
});

describe('GET /health and the OpenAPI document', () => {
  const testDb = useTestDatabase();
  let app: ApiApp;

  beforeAll(async () => {
    app = await appForTest(await storeForTest(testDb.client, testDb.db));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('reports liveness, database and version', async () => {
    const { status, body } = await getJson(app, '/health');
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', database: 'up', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('documents every route with its parameters', async () => {
    const { status, body } = await getJson(app, '/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths).sort()).toEqual(
      [
        '/api/v1/archive',
        '/api/v1/errors',
        '/api/v1/errors/{fingerprint}',
        '/api/v1/health',
        '/api/v1/ingest',
        '/api/v1/logs',
        '/api/v1/logs/tail',
        '/api/v1/logs/{id}',
        '/api/v1/requests',
        '/api/v1/requests/{requestId}',
        '/api/v1/resources',
        '/api/v1/resources/{id}',
        '/api/v1/values/{field}',
        '/api/v1/volume',
      ].sort(),
    );
    const logParams = body.paths['/api/v1/logs'].get.parameters.map((p: { name: string }) => p.name);
    expect(logParams).toEqual(
      expect.arrayContaining(['from', 'to', 'minLevel', 'host', 'q', 'around', 'span', 'cursor', 'limit']),
    );
  });
});

describe('sparse documents from older or foreign producers', () => {
  const testDb = useTestDatabase();

  it('serves logs and summaries that lack optional fields', async () => {
    const store = await storeForTest(testDb.client, testDb.db);
    await testDb.db.collection('logs').insertOne({
      _id: 'legacy-1',
      ts: at(0),
      level: 30,
      levelName: 'WARNING',
      message: 'imported',
      legacy: 'kept',
    } as never);
    await testDb.db.collection('requests').insertOne({
      _id: 'req-aaaaaaaa-0000-4000-8000-000000000001',
      start: at(0),
      end: at(1),
      durationMs: 1000,
      count: 1,
      maxLevel: 30,
      userId: 'u1',
    } as never);
    const app = await appForTest(store);
    const log = await getJson(app, '/logs/legacy-1');
    expect(log.status).toBe(200);
    expect(log.body).toEqual({
      id: 'legacy-1',
      ts: at(0).toISOString(),
      level: 30,
      levelName: 'WARNING',
      message: 'imported',
      legacy: 'kept',
    });
    const list = await getJson(app, '/requests');
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({
      requestId: 'req-aaaaaaaa-0000-4000-8000-000000000001',
      maxLevelName: 'WARNING',
    });
    const detail = await getJson(app, '/requests/aaaaaaaa-0000-4000-8000-000000000001');
    expect(detail.status).toBe(200);
    await app.close();
  });
});
