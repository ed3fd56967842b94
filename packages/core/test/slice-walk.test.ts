/**
 * Lists read in time slices from the sort end (query/slice-walk.ts) return exactly what one sorted query
 * returns: every page, every cursor step and every total, over data that is sparse (days apart), dense (many
 * logs in one millisecond), open-ended and stamped in the future, for logs and for request lists.
 */
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import type { LogsParams, RequestsParams } from '@logcas/contract';
import { queryLogs } from '../src/query/logs';
import { queryRequests } from '../src/query/requests';
import { buildLogFilter, readLogQuery } from '../src/query/log-query';
import { storeOver, type Store } from '../src/store/connection';
import { ensureIndexes } from '../src/store/indexes';
import { detectCapabilities } from '../src/store/connection';
import { nearestLogMinute } from '../src/store/volume';
import { ingestLogs, T0, type LogInput } from './support/api-fixtures';
import { useTestDatabase } from './support/database';

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** Sparse singles days apart, a dense burst with shared milliseconds, requests short and days long, the future. */
function traffic(now: number): LogInput[] {
  const logs: LogInput[] = [];
  for (let day = 0; day < 12; day += 1) logs.push({ ts: T0 - day * DAY * 1.7, level: day % 3 === 0 ? 40 : 20 });
  for (let i = 0; i < 120; i += 1) {
    logs.push({
      ts: T0 + 3_600_000 + Math.floor(i / 4),
      level: [10, 20, 20, 30, 40][i % 5],
      host: i % 2 ? 'compute-1' : 'compute-2',
      requestId: `req-00000000-0000-4000-8000-${String(i % 40).padStart(12, '0')}`,
      userId: i % 7 === 0 ? null : 'u1',
    });
  }
  // One request that lasts four days, and requests spread over two weeks.
  for (const offset of [-3 * DAY, -DAY, 0, DAY]) {
    logs.push({ ts: T0 + offset, requestId: 'req-11111111-0000-4000-8000-000000000000', userId: 'u2' });
  }
  for (let i = 0; i < 30; i += 1) {
    const start = T0 - 14 * DAY + i * 11 * 3_600_000;
    const requestId = `req-22222222-0000-4000-8000-${String(i).padStart(12, '0')}`;
    logs.push({ ts: start, requestId, userId: 'u3' }, { ts: start + (i % 5) * 60_000, requestId, userId: 'u3' });
  }
  logs.push({ ts: now + 3_600_000, message: 'a clock running an hour ahead' }, { ts: now + 2 * DAY, level: 40 });
  return logs;
}

describe('lists read in slices equal one sorted query', () => {
  const testDb = useTestDatabase();
  let monitored: MongoClient;
  let store: Store;
  const finds: string[] = [];
  const now = Date.now();

  beforeAll(async () => {
    await ensureIndexes(testDb.db);
    monitored = await MongoClient.connect(testDb.uri, { monitorCommands: true });
    monitored.on('commandStarted', (event: CommandStartedEvent) => {
      if (event.commandName === 'find') finds.push(String(event.command.find));
    });
    const db = monitored.db(testDb.name);
    // Walk as on an engine that reads by index, whatever the test server is: the rows must be the same anyway.
    store = storeOver(monitored, db, { ...(await detectCapabilities(db)), indexedReads: true });
    await ingestLogs(store, traffic(now));
  });

  afterAll(async () => {
    await monitored?.close();
  });

  async function expectedLogIds(params: LogsParams): Promise<string[]> {
    const query = readLogQuery(params);
    const direction = query.order === 'desc' ? -1 : 1;
    const rows = await testDb.db
      .collection('logs')
      .find(buildLogFilter(query), { projection: { _id: 1 }, sort: { ts: direction, _id: direction } })
      .toArray();
    return rows.map((row) => String(row._id));
  }

  const ranges: Array<Partial<LogsParams>> = [
    {},
    { from: iso(T0 - 20 * DAY) },
    { to: iso(T0 + 3_600_000 + 30) },
    { from: iso(T0 - 5 * DAY), to: iso(T0 + 3_600_000 + 45) },
    { from: iso(T0 + 3_600_000 + 10), to: iso(T0 + 3_600_000 + 12) },
    { from: iso(now - DAY), to: iso(now + 3 * DAY) },
  ];
  const filters: Array<Partial<LogsParams>> = [{}, { minLevel: 'WARNING' }, { host: 'compute-1', minLevel: 'INFO' }];

  const cases = ranges.flatMap((range) => (['desc', 'asc'] as const).map((order) => [JSON.stringify(range), order]));

  it.each(cases)('log pages, cursors and totals over %s, %s', async (range, order) => {
    for (const filter of filters) {
      const params: LogsParams = { ...JSON.parse(range), ...filter, order };
      const expected = await expectedLogIds(params);
      for (const limit of [9, 100]) {
        const seen: string[] = [];
        let page = await queryLogs(store, { ...params, limit });
        const label = JSON.stringify({ ...params, limit });
        expect([label, page.total, page.totalExact]).toEqual([label, expected.length, true]);
        seen.push(...page.items.map((item) => item.id));
        while (page.nextCursor) {
          page = await queryLogs(store, { ...params, limit, cursor: page.nextCursor });
          seen.push(...page.items.map((item) => item.id));
        }
        expect([label, seen]).toEqual([label, expected]);
        const second = await queryLogs(store, { ...params, limit, page: 2 });
        expect([label, second.items.map((item) => item.id)]).toEqual([label, expected.slice(limit, 2 * limit)]);
      }
    }
  });

  it('reads in one query where the engine scans collections (FerretDB 1.x)', async () => {
    const scanning = storeOver(monitored, monitored.db(testDb.name), { ...store.capabilities, indexedReads: false });
    finds.length = 0;
    const page = await queryLogs(scanning, { minLevel: 'ERROR', limit: 5, order: 'desc' });
    expect(page.items).toHaveLength(5);
    expect(finds.filter((name) => name === 'logs')).toHaveLength(1);
  });

  it('walks sparse data in several slices, and a request id in one query', async () => {
    finds.length = 0;
    const page = await queryLogs(store, { minLevel: 'ERROR', limit: 5, order: 'desc' });
    expect(page.items).toHaveLength(5);
    expect(finds.filter((name) => name === 'logs').length).toBeGreaterThan(2);
    finds.length = 0;
    await queryLogs(store, { requestId: 'req-11111111-0000-4000-8000-000000000000', order: 'desc' });
    expect(finds.filter((name) => name === 'logs')).toHaveLength(1);
  });

  it.each(['start', 'end'] as const)('request pages, cursors and totals sorted by %s', async (sort) => {
    const windows: Array<Partial<RequestsParams>> = [
      {},
      { from: iso(T0 - 10 * DAY), to: iso(T0 + 2 * 3_600_000) },
      { from: iso(T0 - 2 * DAY), to: iso(T0 - DAY) },
      { from: iso(T0 + 3_600_000), to: iso(T0 + 3_600_000 + 30) },
    ];
    // One user's list too: a margin narrowed by an equality filter keeps only its selecting bound.
    for (const window of windows)
      for (const user of [undefined, 'u2'])
        for (const order of ['asc', 'desc'] as const) {
          const params: RequestsParams = { ...window, sort, order, ...(user ? { user } : {}) };
          const overlap: Record<string, unknown> = { userId: user ?? { $ne: null } };
          if (window.to) overlap.start = { $lte: new Date(window.to) };
          if (window.from) overlap.end = { $gte: new Date(window.from) };
          const direction = order === 'desc' ? -1 : 1;
          const expected = (
            await testDb.db
              .collection('requests')
              .find(overlap, { projection: { _id: 1 }, sort: { [sort]: direction, _id: direction } })
              .toArray()
          ).map((row) => String(row._id));
          const label = JSON.stringify(params);
          const seen: string[] = [];
          let page = await queryRequests(store, { ...params, limit: 6 });
          expect([label, page.total]).toEqual([label, expected.length]);
          seen.push(...page.items.map((item) => item.requestId));
          while (page.nextCursor) {
            page = await queryRequests(store, { ...params, limit: 6, cursor: page.nextCursor });
            seen.push(...page.items.map((item) => item.requestId));
          }
          expect([label, seen]).toEqual([label, expected]);
        }
  });

  it('finds the nearest minute with logs from the volume rollup, each way', async () => {
    const burst = T0 + 3_600_000;
    const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
    // Ascending from the minute after T0's: the burst's minute. From inside T0's minute: T0's own.
    expect(await nearestLogMinute(store, T0 + 1, burst, 'asc')).toEqual({ from: T0, to: T0 + 60_000 });
    expect(await nearestLogMinute(store, T0 + 60_000, burst + 1000, 'asc')).toEqual({
      from: minute(burst),
      to: minute(burst) + 60_000,
    });
    // Descending from just before the burst: the minute of the log at T0.
    expect(await nearestLogMinute(store, burst - 1000, T0 - DAY, 'desc')).toEqual({
      from: minute(T0),
      to: minute(T0) + 60_000,
    });
    // Nothing between the burst and the long request's last log a day after T0.
    expect(await nearestLogMinute(store, burst + 60_000, T0 + DAY - 60_000, 'asc')).toBeUndefined();
  });

  it('reads the same rows when the volume rollup is stale (the hint costs time, never rows)', async () => {
    const volume = await testDb.db.collection('volume').find({}).toArray();
    await testDb.db.collection('volume').deleteMany({});
    try {
      for (const order of ['asc', 'desc'] as const) {
        const params: LogsParams = { from: iso(T0 - 20 * DAY), to: iso(now + 3 * DAY), order, limit: 7 };
        const page = await queryLogs(store, params);
        expect(page.items.map((item) => item.id)).toEqual((await expectedLogIds(params)).slice(0, 7));
      }
    } finally {
      if (volume.length > 0) await testDb.db.collection('volume').insertMany(volume);
    }
  });
});
