/** Bad input on every parameter, unknown parameters, operator smuggling, auth, body limits, unknown routes. */
import { buildApp } from '../src/api/app';
import type { ApiApp } from '../src/api/types';
import type { Store } from '../src/store/connection';
import { appForTest, at, getJson, ingestLogs, storeForTest } from './support/api-fixtures';
import { useTestDatabase } from './support/database';

const REQ = 'req-aaaaaaaa-0000-4000-8000-000000000001';

type Case = [path: string, query: Record<string, string | number>, parameter: string];

const LIST_CASES = (path: string): Case[] => [
  [path, { limit: 0 }, 'limit'],
  [path, { limit: 5001 }, 'limit'],
  [path, { limit: 'ten' }, 'limit'],
  [path, { limit: 1.5 }, 'limit'],
  [path, { page: 0 }, 'page'],
  [path, { page: 'first' }, 'page'],
  [path, { cursor: '' }, 'cursor'],
  [path, { cursor: 'garbage!' }, 'cursor'],
  [path, { order: 'up' }, 'order'],
  [path, { collection: 'old' }, 'collection'],
  [path, { from: 'yesterday' }, 'from'],
  [path, { from: '2026-13-45T99:00:00Z' }, 'from'],
  [path, { to: 'now' }, 'to'],
  [path, { to: '1e12' }, 'to'],
  [path, { minLevel: 'LOUD' }, 'minLevel'],
  [path, { minLevel: '101' }, 'minLevel'],
  [path, { minLevel: '' }, 'minLevel'],
  [path, { host: '' }, 'host'],
  [path, { service: '' }, 'service'],
  [path, { project: 'x'.repeat(513) }, 'project'],
  [path, { user: '' }, 'user'],
];

const CASES: Case[] = [
  ...LIST_CASES('/logs'),
  ['/logs', { globalRequestId: '' }, 'globalRequestId'],
  ['/logs', { instance: '' }, 'instance'],
  ['/logs', { q: '' }, 'q'],
  ['/logs', { around: 'noon' }, 'around'],
  ['/logs', { around: at(0).toISOString(), span: 0 }, 'span'],
  ['/logs', { around: at(0).toISOString(), span: 'wide' }, 'span'],
  ...LIST_CASES('/requests'),
  ['/requests', { userOnly: 'maybe' }, 'userOnly'],
  ['/requests', { sort: 'name' }, 'sort'],
  ['/volume', { step: 0 }, 'step'],
  ['/volume', { from: 'x' }, 'from'],
  ['/volume', { minLevel: 'x' }, 'minLevel'],
  ['/volume', { collection: 'x' }, 'collection'],
  ['/volume', { around: at(0).toISOString(), span: 4000 }, 'span'],
  ['/values/host', { from: 'x' }, 'from'],
  ['/values/host', { to: 'x' }, 'to'],
  ['/values/host', { collection: 'x' }, 'collection'],
  ['/values/host', { from: at(10).toISOString(), to: at(0).toISOString() }, 'from'],
  ['/values/hostname', {}, 'field'],
  [`/requests/${REQ}`, { minLevel: 'x' }, 'minLevel'],
  [`/requests/${REQ}`, { collection: 'x' }, 'collection'],
  ['/logs/abc', { collection: 'x' }, 'collection'],
  [`/logs/${'a'.repeat(201)}`, {}, 'id'],
];

describe('bad input', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let app: ApiApp;

  beforeAll(async () => {
    store = await storeForTest(testDb.client, testDb.db);
    await ingestLogs(store, [{ ts: at(0), requestId: REQ, userId: 'u1' }]);
    app = await appForTest(store);
  });

  afterAll(async () => {
    await app?.close();
  });

  it.each(CASES)('%s %j → 400 naming %s', async (path, query, parameter) => {
    const { status, body } = await getJson(app, path, query);
    expect(status).toBe(400);
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.parameter).toBe(parameter);
    expect(body.error.message).toContain(parameter);
    expect(JSON.stringify(body)).not.toMatch(/node_modules|\n\s+at /);
  });

  it.each([
    ['/logs', 'hots'],
    ['/logs', 'minlevel'],
    ['/logs', 'sort'],
    ['/requests', 'q'],
    ['/requests', 'requestid'],
    ['/volume', 'page'],
    [`/requests/${REQ}`, 'order'],
    ['/logs/abc', 'host'],
    ['/health', 'x'],
  ])('%s rejects the unknown parameter %s', async (path, name) => {
    const { status, body } = await getJson(app, path, { [name]: 'x' });
    expect(status).toBe(400);
    expect(body.error).toEqual({ code: 'VALIDATION', message: `unknown parameter ${name}`, parameter: name });
  });

  it('never lets a parameter smuggle an operator', async () => {
    for (const url of [
      '/logs?host[$ne]=x',
      '/logs?host%5B%24ne%5D=x',
      '/requests?user[$gt]=',
      '/logs?minLevel[$gt]=0',
    ]) {
      const response = await app.inject({ method: 'GET', url: `/api/v1${url}` });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.parameter).toMatch(/\[\$/);
    }
    for (const value of ['{"$gt":""}', '{"$ne":null}', '{"$regex":".*"}']) {
      for (const name of ['host', 'service', 'user', 'project', 'instance']) {
        const logs = await getJson(app, '/logs', { [name]: value });
        expect(logs.status).toBe(200);
        expect(logs.body.items).toEqual([]);
      }
    }
    const requests = await getJson(app, '/requests', { user: '{"$ne":null}' });
    expect(requests.body.items).toEqual([]);
    // A repeated list filter is a list of literal values, never operators.
    const listed = await app.inject({ method: 'GET', url: '/api/v1/logs?host=%7B%22%24ne%22%3Anull%7D&host=a' });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([]);
    // A one-value filter repeated is an error naming it, not a list.
    const repeated = await app.inject({ method: 'GET', url: '/api/v1/logs?requestId=a&requestId=b' });
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json().error.parameter).toBe('requestId');
  });

  it('answers unknown routes and odd URLs with JSON errors, never a 500', async () => {
    const missing = await app.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    for (const url of [
      '/api/v1/logs?host=%E0%A4%A',
      '/api/v1/logs/%',
      '/api/v1/requests/%E0%A4%A',
      '/api/v1/logs?from=%00',
    ]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBeGreaterThanOrEqual(200);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.body).not.toMatch(/\n\s+at /);
      // Errors keep our body shape even when Fastify itself rejects the URL.
      if (response.statusCode >= 400)
        expect(response.json()).toEqual({ error: expect.objectContaining({ code: 'VALIDATION' }) });
    }
    const wrongMethod = await app.inject({ method: 'DELETE', url: '/api/v1/logs' });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD');
    expect(wrongMethod.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    for (const [method, url, allow] of [
      ['GET', '/api/v1/ingest', 'POST'],
      ['PUT', '/api/v1/logs/some-id', 'GET, HEAD'],
      ['QUERY', '/api/v1/requests', 'GET, HEAD'],
      ['PATCH', '/api/v1/values/host', 'GET, HEAD'],
    ] as const) {
      const answer = await app.inject({ method: method as 'GET', url });
      expect([answer.statusCode, answer.headers.allow]).toEqual([405, allow]);
    }
  });
});

describe('bearer token', () => {
  const testDb = useTestDatabase();
  let app: ApiApp;

  beforeAll(async () => {
    const store = await storeForTest(testDb.client, testDb.db);
    app = await appForTest(store, 's3cret-token');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('needs the token on every route but /health', async () => {
    const none = await getJson(app, '/logs');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHORIZED');
    const wrong = await getJson(app, '/logs', {}, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    const basic = await getJson(app, '/requests', {}, { authorization: 'Basic czNjcmV0LXRva2Vu' });
    expect(basic.status).toBe(401);
    expect((await getJson(app, '/logs', {}, { authorization: 'Bearer s3cret-token' })).status).toBe(200);
    expect((await getJson(app, '/values/host', {}, { authorization: 'bearer s3cret-token' })).status).toBe(200);
    expect((await getJson(app, '/health')).status).toBe(200);
    expect((await getJson(app, '/openapi.json')).status).toBe(401);
    const ingest = await app.inject({ method: 'POST', url: '/api/v1/ingest', payload: '{}' });
    expect(ingest.statusCode).toBe(401);
  });
});

describe('body limit', () => {
  const testDb = useTestDatabase();

  it('answers 413 to a body over the limit', async () => {
    const store = await storeForTest(testDb.client, testDb.db);
    const app = await buildApp({ store, config: { apiToken: undefined }, bodyLimit: 1024 });
    const line = JSON.stringify({ message: 'x'.repeat(200), created: 1795514400, levelname: 'INFO' });
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: Array.from({ length: 20 }, () => line).join('\n'),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('TOO_LARGE');
    await app.close();
  });
});

describe('a URL over 16 KiB', () => {
  const testDb = useTestDatabase();

  it('is a 431 in the error shape, and the server goes on serving', async () => {
    // Node refuses it before Fastify routes it, so only a listening server shows the answer.
    const app = await appForTest(await storeForTest(testDb.client, testDb.db));
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const hosts = Array.from({ length: 400 }, (_v, i) => `host=compute-${i}-${'x'.repeat(40)}`).join('&');
      const long = await fetch(`${url}/api/v1/logs?${hosts}`);
      expect(long.status).toBe(431);
      expect(await long.json()).toEqual({ error: { code: 'TOO_LARGE', message: expect.stringContaining('16 KiB') } });
      expect((await fetch(`${url}/api/v1/logs?limit=1`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
