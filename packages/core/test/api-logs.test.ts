/** GET /logs and GET /logs/:id through the app (no socket) on the real test server. */
import type { ApiApp } from '../src/api/types';
import type { Store } from '../src/store/connection';
import { appForTest, at, getJson, ingestLogs, storeForTest } from './support/api-fixtures';
import { useTestDatabase } from './support/database';

const REQ_A = 'req-6f0b1c1e-3a61-4d39-9a1f-0a3d2b1f4c55';
const REQ_B = 'req-0c9d7e52-8b44-4f0e-a1e2-5b3c7d9e1f20';
const INSTANCE = '8d1c2f10-5a0e-4b8e-9d7c-2f4e6a1b3c5d';

describe('GET /logs', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let app: ApiApp;

  beforeAll(async () => {
    store = await storeForTest(testDb.client, testDb.db);
    await ingestLogs(store, [
      // 20 INFO lines of one request on compute-1, one a second from T0+0 s.
      ...Array.from({ length: 20 }, (_, i) => ({
        ts: at(i),
        requestId: REQ_A,
        userId: 'u1',
        projectId: 'p1',
        instance: INSTANCE,
        message: `[instance: ${INSTANCE}] Claim successful on node compute-1 (step ${i})`,
      })),
      // DEBUG lines, hidden by the default minLevel INFO.
      ...Array.from({ length: 5 }, (_, i) => ({
        ts: at(i + 0.5),
        level: 10,
        message: `Lock "compute_resources" acquired ${i}`,
      })),
      // The API side of the request on the controller, with a warning and an error.
      {
        ts: at(30),
        host: 'controller-1',
        service: 'nova-api',
        requestId: REQ_B,
        globalRequestId: REQ_A,
        userId: 'u2',
        projectId: 'p2',
        message: 'GET /v2.1/servers/detail',
      },
      {
        ts: at(31),
        level: 30,
        host: 'controller-1',
        service: 'nova-api',
        requestId: REQ_B,
        globalRequestId: REQ_A,
        userId: 'u2',
        projectId: 'p2',
        message: 'Quota exceeded for cores (regex chars: .* [x] (y)?)',
      },
      {
        ts: at(32),
        level: 40,
        host: 'controller-1',
        service: 'nova-api',
        requestId: REQ_B,
        globalRequestId: REQ_A,
        userId: 'u2',
        projectId: 'p2',
        message: 'Unexpected exception in API method',
      },
      // Five logs sharing one millisecond: the (ts, id) order must still be total.
      ...Array.from({ length: 5 }, (_, i) => ({ ts: at(40), host: 'compute-2', message: `Same millisecond ${i}` })),
    ]);
    app = await appForTest(store);
  });

  afterAll(async () => {
    await app?.close();
  });

  const list = (query: Record<string, string | number> = {}) => getJson(app, '/logs', query);

  it('lists INFO and above in time order by default, with the list envelope', async () => {
    const { status, body } = await list();
    expect(status).toBe(200);
    expect(body.items).toHaveLength(28);
    expect(body).toMatchObject({ page: 1, limit: 100, total: 28, totalExact: true, nextCursor: null });
    const times = body.items.map((item: { ts: string }) => item.ts);
    expect(times).toEqual([...times].sort());
    expect(body.items.every((item: { level: number }) => item.level >= 20)).toBe(true);
    expect(body.items[0]).toMatchObject({
      ts: at(0).toISOString(),
      levelName: 'INFO',
      host: 'compute-1',
      requestId: REQ_A,
    });
    expect(body.items[0]).not.toHaveProperty('_id');
    expect(body.items[0]).not.toHaveProperty('ingestedAt');
  });

  it('orders desc with ids breaking ties in the same millisecond', async () => {
    const asc = (await list({ order: 'asc' })).body.items.map((i: { id: string }) => i.id);
    const desc = (await list({ order: 'desc' })).body.items.map((i: { id: string }) => i.id);
    expect(desc).toEqual([...asc].reverse());
    const same = (await list({ host: 'compute-2' })).body.items.map((i: { id: string }) => i.id);
    expect(same).toEqual([...same].sort());
  });

  it.each([
    [{ minLevel: 'DEBUG' }, 33],
    [{ minLevel: 'debug' }, 33],
    [{ minLevel: 10 }, 33],
    [{ minLevel: 'warn' }, 2],
    [{ minLevel: 'WARNING' }, 2],
    [{ minLevel: '30' }, 2],
    [{ minLevel: 'ERROR' }, 1],
    [{ minLevel: 'fatal' }, 0],
    [{ host: 'controller-1' }, 3],
    [{ service: 'nova-api' }, 3],
    [{ requestId: REQ_A }, 20],
    [{ requestId: REQ_A.slice(4).toUpperCase() }, 20],
    [{ globalRequestId: REQ_A }, 3],
    [{ instance: INSTANCE }, 20],
    [{ project: 'p2' }, 3],
    [{ user: 'u1' }, 20],
    [{ user: 'u1', host: 'controller-1' }, 0],
    [{ q: 'CLAIM SUCCESSFUL' }, 20],
    [{ q: '.* [x] (y)?' }, 1],
    [{ q: '.*' }, 1],
    [{ q: 'step 1' }, 11],
    [{ host: '{"$gt":""}' }, 0],
    [{ from: at(30).toISOString() }, 8],
    [{ from: at(30).getTime() }, 8],
    [{ to: at(30).toISOString() }, 21],
    [{ from: at(5).toISOString(), to: at(9).toISOString() }, 5],
    [{ from: '2026-11-24T10:00:05', to: '2026-11-24T10:00:09.000Z' }, 5],
    [{ from: '2026-11-24T11:00:05+01:00', to: '2026-11-24T10:00:09Z' }, 5],
  ] as Array<[Record<string, string | number>, number]>)('filters %j → %i logs', async (query, expected) => {
    const { status, body } = await list({ ...query, limit: 5000 });
    expect(status).toBe(200);
    expect(body.items).toHaveLength(expected);
    expect(body.total).toBe(expected);
  });

  it('range window: around ± span, both bounds inclusive', async () => {
    const window = await list({ around: at(10).toISOString(), span: 2 });
    expect(window.body.items.map((i: { ts: string }) => i.ts)).toEqual(
      [8, 9, 10, 11, 12].map((s) => at(s).toISOString()),
    );
    const edge = await list({ around: at(31).getTime(), span: 1, minLevel: 'TRACE' });
    expect(edge.body.items.map((i: { ts: string }) => i.ts)).toEqual([30, 31, 32].map((s) => at(s).toISOString()));
    const byDefault = await list({ around: at(40).toISOString() }); // 60 s
    expect(byDefault.body.total).toBe(28);
    expect((await list({ around: at(0).toISOString(), span: 3600 })).status).toBe(200);
  });

  it.each([
    [{ span: 0, around: at(1).toISOString() }, 'span'],
    [{ span: 3601, around: at(1).toISOString() }, 'span'],
    [{ span: 1.5, around: at(1).toISOString() }, 'span'],
    [{ span: 10 }, 'span'],
    [{ around: 'yesterday' }, 'around'],
    [{ around: at(1).toISOString(), from: at(0).toISOString() }, 'from'],
    [{ around: at(1).toISOString(), to: at(0).toISOString() }, 'to'],
    [{ from: at(9).toISOString(), to: at(5).toISOString() }, 'from'],
  ] as Array<[Record<string, string | number>, string]>)(
    'rejects the window %j naming %s',
    async (query, parameter) => {
      const { status, body } = await list(query);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 'VALIDATION', parameter });
    },
  );

  it('pages by number without gaps or repeats', async () => {
    const all = (await list({ minLevel: 'TRACE', limit: 5000 })).body.items.map((i: { id: string }) => i.id);
    const seen: string[] = [];
    for (let page = 1; page <= 5; page += 1) {
      const { body } = await list({ minLevel: 'TRACE', limit: 7, page });
      expect(body).toMatchObject({ page, limit: 7, total: 33, totalExact: true });
      seen.push(...body.items.map((i: { id: string }) => i.id));
    }
    expect(seen).toEqual(all);
    expect((await list({ minLevel: 'TRACE', limit: 7, page: 6 })).body.items).toEqual([]);
  });

  it.each(['asc', 'desc'] as const)('walks %s cursors with no gaps or repeats while new logs arrive', async (order) => {
    const query = { minLevel: 'TRACE', order, from: at(-1000).toISOString(), to: at(1000).toISOString() };
    const before = (await list({ ...query, limit: 5000 })).body.items.map((i: { id: string }) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let added = 0;
    do {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are read loosely here
      const { status, body }: { status: number; body: any } = await list({
        ...query,
        limit: 4,
        ...(cursor ? { cursor } : {}),
      });
      expect(status).toBe(200);
      pages += 1;
      expect(body.page).toBe(pages);
      seen.push(...body.items.map((i: { id: string }) => i.id));
      cursor = body.nextCursor;
      // New logs arrive between pages: at the newest end, at the oldest end, and in the same millisecond.
      await ingestLogs(store, [
        { ts: at(500 + added), message: `late arrival ${order} ${added}` },
        { ts: at(-500 - added), message: `early arrival ${order} ${added}` },
        { ts: at(40), host: 'compute-2', message: `same ms arrival ${order} ${added}` },
      ]);
      added += 1;
    } while (cursor && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before) expect(seen).toContain(id);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(before.length / 4));
  });

  it('rejects a cursor made for the other order or tampered with', async () => {
    const first = await list({ limit: 2 });
    const cursor = first.body.nextCursor as string;
    expect(typeof cursor).toBe('string');
    const other = await list({ limit: 2, cursor, order: 'desc' });
    expect(other.status).toBe(400);
    expect(other.body.error.parameter).toBe('cursor');
    for (const bad of ['not-a-cursor', Buffer.from('{"$gt":1}').toString('base64url'), `${cursor}x`]) {
      const res = await list({ cursor: bad });
      expect(res.status).toBe(400);
      expect(res.body.error.parameter).toBe('cursor');
    }
    const both = await list({ cursor, page: 2 });
    expect(both.status).toBe(400);
    expect(both.body.error.parameter).toBe('page');
    // The page and total a cursor carries are signed: a forged one is refused, not echoed.
    const [data, signature] = cursor.split('.') as [string, string];
    const body = JSON.parse(Buffer.from(data, 'base64url').toString()) as unknown[];
    for (const [at, value] of [
      [3, 1e20],
      [4, 0],
    ] as const) {
      const forged = [...body];
      forged[at] = value;
      const res = await list({ cursor: `${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}` });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        parameter: 'cursor',
        message: expect.stringMatching(/not made by this server/),
      });
    }
  });

  it('GET /logs/:id returns every stored field; unknown ids are 404', async () => {
    const first = (await list({ host: 'controller-1', minLevel: 'ERROR' })).body.items[0];
    const { status, body } = await getJson(app, `/logs/${first.id}`);
    expect(status).toBe(200);
    expect(body).toEqual(first);
    expect(body).toMatchObject({
      level: 40,
      levelName: 'ERROR',
      host: 'controller-1',
      service: 'nova-api',
      logger: 'nova.compute.manager',
      pid: 4021,
      requestId: REQ_B,
      globalRequestId: REQ_A,
      userId: 'u2',
      projectId: 'p2',
      traceback: null,
      source: { channel: 'import' },
    });
    const missing = await getJson(app, '/logs/0123456789abcdef0123456789abcdef');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const archived = await getJson(app, `/logs/${first.id}`, { collection: 'archive' });
    expect(archived.status).toBe(404);
    expect((await getJson(app, `/logs/${first.id}`, { collection: 'nope' })).body.error.parameter).toBe('collection');
  });

  it('reads the archive collection with the same view', async () => {
    const { status, body } = await list({ collection: 'archive' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ items: [], total: 0, totalExact: true, nextCursor: null });
  });
});
