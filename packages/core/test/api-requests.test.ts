/** GET /requests and GET /requests/:requestId through the app on the real test server (summaries from ingest). */
import type { ApiApp } from '../src/api/types';
import type { Store } from '../src/store/connection';
import { appForTest, at, getJson, ingestLogs, storeForTest, type LogInput } from './support/api-fixtures';
import { useTestDatabase } from './support/database';

const A = 'req-aaaaaaaa-0000-4000-8000-000000000001';
const B = 'req-bbbbbbbb-0000-4000-8000-000000000002';
const C = 'req-cccccccc-0000-4000-8000-000000000003';
const D = 'req-dddddddd-0000-4000-8000-000000000004';
const E = 'req-eeeeeeee-0000-4000-8000-000000000005';

function requestLogs(
  requestId: string,
  seconds: number[],
  common: Partial<LogInput>,
  levels: number[] = [],
): LogInput[] {
  return seconds.map((s, i) => ({ ts: at(s), requestId, level: levels[i] ?? 20, ...common }));
}

describe('GET /requests', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let app: ApiApp;

  beforeAll(async () => {
    store = await storeForTest(testDb.client, testDb.db);
    await ingestLogs(store, [
      ...requestLogs(A, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { userId: 'u1', projectId: 'p1' }),
      ...requestLogs(
        B,
        [30, 31, 32],
        { userId: 'u2', projectId: 'p2', host: 'controller-1', service: 'nova-api', globalRequestId: A },
        [20, 30, 40],
      ),
      ...requestLogs(
        C,
        [100, 250, 400],
        { userId: 'u1', projectId: 'p1', host: 'compute-2', globalRequestId: B },
        [20, 30, 20],
      ),
      {
        ts: at(260),
        requestId: C,
        userId: 'u1',
        projectId: 'p1',
        host: 'controller-1',
        service: 'nova-conductor',
        globalRequestId: B,
      },
      ...requestLogs(D, [50, 55], { host: 'network-1', service: 'neutron-server', globalRequestId: A }),
      ...requestLogs(E, [1000, 1001], { userId: 'u3', projectId: 'p3' }, [10, 10]),
    ]);
    app = await appForTest(store);
  });

  afterAll(async () => {
    await app?.close();
  });

  const ids = async (query: Record<string, string | number | boolean> = {}): Promise<string[]> => {
    const { status, body } = await getJson(app, '/requests', query);
    expect(status).toBe(200);
    return body.items.map((item: { requestId: string }) => item.requestId);
  };

  it('lists user requests by start with their summaries', async () => {
    const { body } = await getJson(app, '/requests');
    expect(body).toMatchObject({ page: 1, limit: 100, total: 4, totalExact: true, nextCursor: null });
    expect(body.items.map((i: { requestId: string }) => i.requestId)).toEqual([A, B, C, E]);
    expect(body.items[1]).toMatchObject({
      requestId: B,
      globalRequestId: A,
      start: at(30).toISOString(),
      end: at(32).toISOString(),
      durationMs: 2000,
      count: 3,
      maxLevel: 40,
      maxLevelName: 'ERROR',
      levelCounts: { INFO: 1, WARNING: 1, ERROR: 1 },
      hosts: ['controller-1'],
      services: ['nova-api'],
      userId: 'u2',
      projectId: 'p2',
    });
  });

  it('userOnly=false adds requests without a user', async () => {
    expect(await ids({ userOnly: false })).toEqual([A, B, D, C, E]);
    expect(await ids({ userOnly: true })).toEqual([A, B, C, E]);
  });

  it.each([
    ['TRACE', [A, B, C, E]],
    ['DEBUG', [A, B, C, E]],
    ['INFO', [A, B, C]],
    ['warning', [B, C]],
    ['30', [B, C]],
    ['ERROR', [B]],
    ['CRITICAL', []],
  ])('minLevel %s keeps requests with a log at or above it', async (minLevel, expected) => {
    expect(await ids({ minLevel })).toEqual(expected);
  });

  it.each([
    [{ from: at(200).toISOString(), to: at(300).toISOString() }, [C]],
    [{ from: at(10).toISOString(), to: at(10).toISOString() }, [A]],
    [{ from: at(400).toISOString(), to: at(400).toISOString() }, [C]],
    [{ from: at(401).toISOString(), to: at(999).toISOString() }, []],
    [{ from: at(1001).getTime() }, [E]],
    [{ to: at(0).toISOString() }, [A]],
    [{ from: at(31).toISOString(), to: at(100).toISOString(), userOnly: false }, [B, D, C]],
  ] as Array<[Record<string, string | number | boolean>, string[]]>)('overlap %j', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it.each([
    [{ host: 'compute-2' }, [C]],
    [{ host: 'controller-1' }, [B, C]],
    [{ service: 'nova-conductor' }, [C]],
    [{ service: 'nova-api' }, [B]],
    [{ project: 'p1' }, [A, C]],
    [{ user: 'u1' }, [A, C]],
    [{ user: 'u1', minLevel: 'WARNING' }, [C]],
    [{ host: 'network-1' }, []],
    [{ host: 'network-1', userOnly: false }, [D]],
    [{ host: '{"$ne":null}' }, []],
  ] as Array<[Record<string, string | boolean>, string[]]>)('filters %j', async (query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it.each([
    ['start', [A, B, C, E]],
    ['end', [A, B, C, E]],
    ['duration', [E, B, A, C]],
    ['count', [E, B, C, A]],
    ['maxLevel', [E, A, C, B]],
  ])('sorts by %s both ways, from an index or a bounded range', async (sort, expected) => {
    expect(await ids({ sort })).toEqual(expected);
    expect(await ids({ sort, order: 'desc' })).toEqual([...expected].reverse());
    const bounded = { sort, from: at(-10).toISOString(), to: at(2000).toISOString() };
    expect(await ids(bounded)).toEqual(expected);
    expect(await ids({ ...bounded, order: 'desc' })).toEqual([...expected].reverse());
  });

  it.each(['start', 'duration', 'maxLevel'])('walks cursors sorted by %s', async (sort) => {
    const expected = await ids({ sort, userOnly: false });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are read loosely here
      const { body }: { body: any } = await getJson(app, '/requests', {
        sort,
        userOnly: false,
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(body.total).toBe(5);
      seen.push(...body.items.map((i: { requestId: string }) => i.requestId));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    const pages = [1, 2, 3].map((page) => ids({ sort, userOnly: false, limit: 2, page }));
    expect((await Promise.all(pages)).flat()).toEqual(expected);
    // A cursor of one sort is no good for another.
    const first = await getJson(app, '/requests', { sort, limit: 1 });
    const other = await getJson(app, '/requests', {
      sort: sort === 'start' ? 'end' : 'start',
      cursor: first.body.nextCursor,
    });
    expect(other.status).toBe(400);
    expect(other.body.error.parameter).toBe('cursor');
  });
});

describe('GET /requests/:requestId', () => {
  const testDb = useTestDatabase();
  let app: ApiApp;

  beforeAll(async () => {
    const store = await storeForTest(testDb.client, testDb.db);
    await ingestLogs(store, [
      ...requestLogs(A, [0, 10], { userId: 'u1' }),
      ...requestLogs(
        B,
        [32, 30, 31],
        { userId: 'u2', host: 'controller-1', service: 'nova-api', globalRequestId: A },
        [40, 20, 30],
      ),
      { ts: at(33), requestId: B, userId: 'u2', host: 'compute-1', globalRequestId: A },
      ...requestLogs(C, [100], { userId: 'u1', globalRequestId: B }),
      ...requestLogs(D, [50], { globalRequestId: A }),
      ...requestLogs(E, [70], { userId: 'u3' }),
    ]);
    app = await appForTest(store);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('returns the summary, its logs in time order and the linked requests', async () => {
    const { status, body } = await getJson(app, `/requests/${B}`);
    expect(status).toBe(200);
    expect(body.request).toMatchObject({ requestId: B, count: 4, maxLevelName: 'ERROR', globalRequestId: A });
    expect(body.logs.map((l: { ts: string }) => l.ts)).toEqual([30, 31, 32, 33].map((s) => at(s).toISOString()));
    expect(body.logs.every((l: { requestId: string }) => l.requestId === B)).toBe(true);
    // A names B's global id; D shares it; C names B as its global id. E is unrelated.
    expect(body.related.map((r: { requestId: string }) => r.requestId)).toEqual([A, D, C]);
  });

  it('links children to a parent without a global id', async () => {
    const { body } = await getJson(app, `/requests/${A}`);
    expect(body.related.map((r: { requestId: string }) => r.requestId)).toEqual([B, D]);
    expect((await getJson(app, `/requests/${E}`)).body.related).toEqual([]);
  });

  it.each([B, B.toUpperCase(), B.slice(4), B.slice(4).toUpperCase(), `  ${B}  `.trim(), `REQ-${B.slice(4)}`])(
    'accepts the id as %s',
    async (id) => {
      const { status, body } = await getJson(app, `/requests/${encodeURIComponent(id)}`);
      expect(status).toBe(200);
      expect(body.request.requestId).toBe(B);
    },
  );

  it('filters the logs by minLevel and host, and limits them', async () => {
    const warn = await getJson(app, `/requests/${B}`, { minLevel: 'WARN' });
    expect(warn.body.logs.map((l: { level: number }) => l.level)).toEqual([30, 40]);
    const host = await getJson(app, `/requests/${B}`, { host: 'compute-1' });
    expect(host.body.logs).toHaveLength(1);
    expect(host.body.request.count).toBe(4);
    const limited = await getJson(app, `/requests/${B}`, { limit: 2 });
    expect(limited.body.logs.map((l: { ts: string }) => l.ts)).toEqual([at(30).toISOString(), at(31).toISOString()]);
  });

  it("with includeRelated, one answer holds the related requests' logs too, in time order, capped", async () => {
    const { status, body } = await getJson(app, `/requests/${B}`, { includeRelated: true });
    expect(status).toBe(200);
    const rows = body.logs as Array<{ ts: string; requestId: string }>;
    // B's own four, A's two, D's one and C's one: every request of the group, merged by time.
    expect(rows.map((l) => l.ts)).toEqual([0, 10, 30, 31, 32, 33, 50, 100].map((s) => at(s).toISOString()));
    expect(new Set(rows.map((l) => l.requestId))).toEqual(new Set([A, B, C, D]));
    expect(body.truncated).toBe(false);
    const capped = await getJson(app, `/requests/${B}`, { includeRelated: true, limit: 3 });
    expect(capped.body.logs.map((l: { ts: string }) => l.ts)).toEqual([0, 10, 30].map((s) => at(s).toISOString()));
    expect(capped.body.truncated).toBe(true);
    // Filters apply to every request's logs.
    const onHost = await getJson(app, `/requests/${B}`, {
      includeRelated: true,
      host: ['compute-1'],
      minLevel: 'INFO',
    });
    expect(onHost.body.logs.map((l: { requestId: string }) => l.requestId)).toEqual([A, A, B, D, C]);
  });

  it('404 for an unknown id, whatever its characters (ids are matched as given)', async () => {
    const unknown = await getJson(app, '/requests/req-99999999-0000-4000-8000-000000000009');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect((await getJson(app, `/requests/${B}`, { collection: 'archive' })).status).toBe(404);
    for (const odd of ['{"$gt":""}', 'not an id', 'a/b', 'ünïcødé', '%41']) {
      const answer = await getJson(app, `/requests/${encodeURIComponent(odd)}`);
      expect(answer.status).toBe(404);
      expect(answer.body.error.message).toBe(`no request ${odd} in the live collection`);
    }
    for (const [query, parameter] of [
      [{ minLevel: 'LOUD' }, 'minLevel'],
      [{ limit: 0 }, 'limit'],
      [{ host: '' }, 'host'],
      [{ sort: 'start' }, 'sort'],
    ] as Array<[Record<string, string | number>, string]>) {
      const res = await getJson(app, `/requests/${B}`, query);
      expect(res.status).toBe(400);
      expect(res.body.error.parameter).toBe(parameter);
    }
  });
});
