/**
 * Lists of values (`host=a&host=b`: any of them) and exclusions (`excludeHost=c`: none of them) on every
 * filter that takes them, across /logs, /volume, /requests and /requests/:id, on the real test server.
 */
import type { ApiApp } from '../src/api/types';
import type { Store } from '../src/store/connection';
import { appForTest, at, getJson, ingestLogs, storeForTest } from './support/api-fixtures';
import { useTestDatabase } from './support/database';

const REQ = (n: number): string => `req-00000000-0000-4000-8000-00000000000${n}`;

/** Six logs: three hosts × two services, each its own request, user and project; levels rise. */
const SEED = [
  { host: 'compute-1', service: 'nova-compute', level: 10 },
  { host: 'compute-1', service: 'nova-api', level: 20 },
  { host: 'compute-2', service: 'nova-compute', level: 21 },
  { host: 'compute-2', service: 'nova-api', level: 30 },
  { host: 'compute-3', service: 'nova-compute', level: 40 },
  { host: 'compute-3', service: 'nova-api', level: 50 },
].map((log, i) => ({
  ...log,
  ts: at(i),
  requestId: REQ(i + 1),
  userId: `u${i + 1}`,
  projectId: `p${i + 1}`,
  instance: `i-${i + 1}`,
}));

describe('list and exclusion filters', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let app: ApiApp;

  beforeAll(async () => {
    store = await storeForTest(testDb.client, testDb.db);
    await ingestLogs(store, SEED);
    app = await appForTest(store);
  });

  const logs = async (query: Record<string, string | readonly string[]>): Promise<string[]> => {
    const { status, body } = await getJson(app, '/logs', { minLevel: 'TRACE', ...query });
    expect({ query, status }).toEqual({ query, status: 200 });
    return (body.items as Array<{ requestId: string }>).map((log) => log.requestId).sort();
  };
  const ids = (...n: number[]): string[] => n.map(REQ).sort();

  it.each([
    [{ host: ['compute-1', 'compute-3'] }, [1, 2, 5, 6]],
    [{ host: 'compute-2' }, [3, 4]],
    [{ service: ['nova-api'] }, [2, 4, 6]],
    [{ project: ['p1', 'p6', 'p-none'] }, [1, 6]],
    [{ user: ['u2', 'u3'] }, [2, 3]],
    [{ level: ['INFO', 'critical', '40'] }, [2, 5, 6]],
    [{ level: 'AUDIT' }, [3]],
    [{ host: ['compute-1', 'compute-2'], service: ['nova-compute'] }, [1, 3]],
    [{ excludeHost: ['compute-1', 'compute-2'] }, [5, 6]],
    [{ excludeService: 'nova-api' }, [1, 3, 5]],
    [{ excludeLevel: ['DEBUG', 'WARNING'] }, [2, 3, 5, 6]],
    [{ excludeProject: ['p1', 'p2'] }, [3, 4, 5, 6]],
    [{ excludeUser: 'u6' }, [1, 2, 3, 4, 5]],
    [{ excludeInstance: ['i-3'] }, [1, 2, 4, 5, 6]],
    [{ host: ['compute-1', 'compute-2'], excludeHost: 'compute-2' }, [1, 2]],
    [{ minLevel: 'AUDIT', level: ['DEBUG', 'ERROR'] }, [5]],
  ] as Array<[Record<string, string | string[]>, number[]]>)('GET /logs %j', async (query, expected) => {
    expect(await logs(query)).toEqual(ids(...expected));
  });

  it('counts the same logs in /volume, from the minute buckets and from the logs', async () => {
    const total = async (query: Record<string, string | readonly string[]>): Promise<number> => {
      const { status, body } = await getJson(app, '/volume', {
        from: at(-60).toISOString(),
        to: at(60).toISOString(),
        minLevel: 'TRACE',
        ...query,
      });
      expect(status).toBe(200);
      const buckets = body.buckets as Array<{ counts: Record<string, number> }>;
      return buckets.reduce((sum, b) => sum + Object.values(b.counts).reduce((a, c) => a + c, 0), 0);
    };
    // Host, service and level filters are answered by the minute buckets; a project filter needs the logs.
    expect(await total({ host: ['compute-1', 'compute-3'], excludeLevel: 'DEBUG', step: '60' })).toBe(3);
    expect(await total({ service: 'nova-api', excludeHost: ['compute-3'], step: '60' })).toBe(2);
    expect(await total({ project: ['p1', 'p2'], excludeUser: 'u1', step: '60' })).toBe(1);
  });

  it('matches request summaries that touched any of the hosts, services, projects or users', async () => {
    const requests = async (query: Record<string, string | readonly string[]>): Promise<string[]> => {
      const { status, body } = await getJson(app, '/requests', {
        from: at(-60).toISOString(),
        to: at(60).toISOString(),
        ...query,
      });
      expect(status).toBe(200);
      return (body.items as Array<{ requestId: string }>).map((r) => r.requestId).sort();
    };
    expect(await requests({ host: ['compute-1', 'compute-2'] })).toEqual(ids(1, 2, 3, 4));
    expect(await requests({ service: ['nova-api'], user: ['u2', 'u6'] })).toEqual(ids(2, 6));
    expect(await requests({ project: 'p5' })).toEqual(ids(5));
  });

  it('takes a list of hosts in the request detail', async () => {
    const { status, body } = await getJson(app, `/requests/${REQ(3)}`, { host: ['compute-1', 'compute-2'] });
    expect(status).toBe(200);
    expect(body.logs).toHaveLength(1);
    const none = await getJson(app, `/requests/${REQ(3)}`, { host: ['compute-1', 'compute-3'] });
    expect(none.body.logs).toEqual([]);
  });

  it.each([
    ['101 hosts', { host: Array.from({ length: 101 }, (_, i) => `h${i}`) }, 'host'],
    ['a level that is none', { level: ['LOUD'] }, 'level'],
    ['an excluded level that is none', { excludeLevel: 'quiet' }, 'excludeLevel'],
    ['an empty value in a list', { host: ['compute-1', ''] }, 'host'],
    ['two instances', { instance: ['i-1', 'i-2'] }, 'instance'],
    ['a misspelt exclusion', { excludeHots: 'compute-1' }, 'excludeHots'],
  ] as Array<[string, Record<string, string | string[]>, string]>)(
    'rejects %s, naming it',
    async (_name, query, parameter) => {
      const { status, body } = await getJson(app, '/logs', query);
      expect(status).toBe(400);
      expect(body.error.parameter).toBe(parameter);
    },
  );
});
