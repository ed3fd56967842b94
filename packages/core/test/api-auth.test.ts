/**
 * The two tokens: LOGCAS_API_TOKEN reaches every route, LOGCAS_API_READ_TOKEN (what Grafana holds) the read
 * routes only — it can neither ingest nor archive. Through the app on the real test server.
 */
import type { ApiApp } from '../src/api/types';
import type { Store } from '../src/store/connection';
import { appForTest, at, getJson, ingestLogs, storeForTest } from './support/api-fixtures';
import { useTestDatabase } from './support/database';

const FULL = 'full-token';
const READ = 'read-token';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const NDJSON = JSON.stringify({ message: 'Instance spawned', created: 1795514400, levelname: 'INFO' });

describe('read token and full token', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let app: ApiApp;

  beforeAll(async () => {
    store = await storeForTest(testDb.client, testDb.db);
    await ingestLogs(store, [{ ts: at(0), level: 40 }]);
    app = await appForTest(store, FULL, { apiReadToken: READ });
  });

  const post = (path: string, token: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1${path}`,
      headers: { ...bearer(token), ...(path === '/ingest' ? { 'content-type': 'application/x-ndjson' } : {}) },
      payload: path === '/ingest' ? NDJSON : undefined,
    });

  it.each(['/logs', '/logs/tail?wait=0', '/requests', '/volume', '/values/host', '/openapi.json'])(
    'the read token reads %s',
    async (path) => {
      const response = await app.inject({ method: 'GET', url: `/api/v1${path}`, headers: bearer(READ) });
      expect(response.statusCode).toBe(200);
    },
  );

  it.each(['/ingest', '/archive'])('the read token can not POST %s: 403 naming the token it needs', async (path) => {
    const response = await post(path, READ);
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('LOGCAS_API_TOKEN'),
    });
  });

  it('nothing the read token sent was stored or archived', async () => {
    const logs = await getJson(app, '/logs', { from: at(-3600).toISOString() }, bearer(FULL));
    expect(logs.body.items).toHaveLength(1);
    const archived = await getJson(app, '/logs', { collection: 'archive' }, bearer(FULL));
    expect(archived.body.items).toEqual([]);
  });

  it.each(['/ingest', '/archive'])('the full token can POST %s', async (path) => {
    expect((await post(path, FULL)).statusCode).toBe(200);
  });

  it('no token or another token is refused everywhere but /health', async () => {
    expect((await getJson(app, '/logs')).status).toBe(401);
    expect((await getJson(app, '/logs', {}, bearer('other'))).status).toBe(401);
    expect((await post('/ingest', 'other')).statusCode).toBe(401);
    expect((await getJson(app, '/health')).status).toBe(200);
  });

  it('with only the read token set, the API takes no writes at all', async () => {
    const readOnly = await appForTest(store, undefined, { apiReadToken: READ });
    expect((await getJson(readOnly, '/logs', {}, bearer(READ))).status).toBe(200);
    const write = await readOnly.inject({ method: 'POST', url: '/api/v1/archive', headers: bearer(READ) });
    expect(write.statusCode).toBe(403);
    expect((await readOnly.inject({ method: 'POST', url: '/api/v1/archive' })).statusCode).toBe(401);
    await readOnly.close();
  });
});
