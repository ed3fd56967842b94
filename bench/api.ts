/**
 * API benchmark: for each route, median and p95 latency through a real listening socket (sequential
 * requests, keep-alive) next to the bare driver query returning the same rows on the same server, in the
 * same run, for page sizes 100 and 1000; prints the ratio and writes bench/RESULTS.md "## API".
 *   npx tsx bench/api.ts [--logs N] [--samples N] [--budget-s S]     (MONGODB_URI, default the test FerretDB)
 */
import { startServer } from '../packages/core/src/api/server';
import { loadConfig } from '../packages/core/src/config';
import { openStore, type Store } from '../packages/core/src/store/connection';
import { SEED_START, seedOnce } from './api-seed';
import { httpGet, keepAlive, quantile, writeResultsSection } from './support';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number`);
  return value;
}

interface Case {
  name: string;
  pageSize: number | null;
  path: string;
  /** The bare driver query returning the same rows; returns their ids to check they are the same. */
  driver: () => Promise<string[]>;
  /** The total the API counts with this page (capped count, run alongside the find), when it counts one. */
  count?: () => Promise<number>;
  /** Row ids from the API's JSON body. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are read loosely here
  apiIds: (body: any) => string[];
}

function cases(
  store: Store,
  first: { cursor: (limit: number) => string; lastOfPage: (limit: number) => { ts: Date; id: string } },
  sample: { logId: string; requestId: string; maxDurationMs: number },
): Case[] {
  const from = new Date(SEED_START + 6 * 3600_000);
  const to = new Date(SEED_START + 12 * 3600_000);
  const hourTo = new Date(SEED_START + 7 * 3600_000);
  const iso = (d: Date) => d.toISOString();
  const ids = (rows: Array<{ _id: unknown }>) => rows.map((row) => String(row._id));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies are read loosely here
  const items = (key: string) => (body: any) =>
    (body.items as Array<Record<string, string>>).map((i) => i[key] as string);
  const out: Case[] = [];
  for (const limit of [100, 1000]) {
    const after = first.lastOfPage(limit);
    out.push(
      {
        name: 'GET /logs (first page, minLevel INFO)',
        pageSize: limit,
        path: `/logs?limit=${limit}`,
        driver: async () =>
          ids(
            await store
              .logs()
              .find({ level: { $gte: 20 } })
              .sort({ ts: 1, _id: 1 })
              .limit(limit)
              .toArray(),
          ),
        count: () => store.logs().countDocuments({ level: { $gte: 20 } }, { limit: 10_001 }),
        apiIds: items('id'),
      },
      {
        name: 'GET /logs (host + 6 h range)',
        pageSize: limit,
        path: `/logs?limit=${limit}&host=compute-1&from=${iso(from)}&to=${iso(to)}`,
        driver: async () =>
          ids(
            await store
              .logs()
              .find({ host: 'compute-1', ts: { $gte: from, $lte: to }, level: { $gte: 20 } })
              .sort({ ts: 1, _id: 1 })
              .limit(limit)
              .toArray(),
          ),
        count: () =>
          store
            .logs()
            .countDocuments(
              { host: 'compute-1', ts: { $gte: from, $lte: to }, level: { $gte: 20 } },
              { limit: 10_001 },
            ),
        apiIds: items('id'),
      },
      {
        name: 'GET /logs (page 2 by cursor)',
        pageSize: limit,
        path: `/logs?limit=${limit}&cursor=${first.cursor(limit)}`,
        driver: async () =>
          ids(
            await store
              .logs()
              .find({
                level: { $gte: 20 },
                ts: { $gte: after.ts },
                $or: [{ ts: { $gt: after.ts } }, { ts: after.ts, _id: { $gt: after.id } }],
              })
              .sort({ ts: 1, _id: 1 })
              .limit(limit)
              .toArray(),
          ),
        apiIds: items('id'),
      },
      {
        name: 'GET /requests (sort start)',
        pageSize: limit,
        path: `/requests?limit=${limit}`,
        driver: async () =>
          ids(
            await store
              .requests()
              .find({ userId: { $ne: null } })
              .sort({ start: 1, _id: 1 })
              .limit(limit)
              .toArray(),
          ),
        count: () => store.requests().countDocuments({ userId: { $ne: null } }, { limit: 10_001 }),
        apiIds: items('requestId'),
      },
      {
        name: 'GET /requests (6 h, sort duration desc)',
        pageSize: limit,
        path: `/requests?limit=${limit}&from=${iso(from)}&to=${iso(to)}&sort=duration&order=desc`,
        driver: async () =>
          ids(
            await store
              .requests()
              .find({ start: { $lte: to }, end: { $gte: from }, userId: { $ne: null } })
              .sort({ durationMs: -1, _id: -1 })
              .limit(limit)
              .toArray(),
          ),
        count: () =>
          store
            .requests()
            .countDocuments({ start: { $lte: to }, end: { $gte: from }, userId: { $ne: null } }, { limit: 10_001 }),
        apiIds: items('requestId'),
      },
    );
  }
  out.push(
    {
      name: 'GET /logs/:id',
      pageSize: null,
      path: `/logs/${sample.logId}`,
      driver: async () => ids([(await store.logs().findOne({ _id: sample.logId })) as { _id: string }]),
      apiIds: (body) => [body.id],
    },
    {
      name: 'GET /requests/:requestId',
      pageSize: null,
      path: `/requests/${sample.requestId}`,
      driver: async () => {
        const summary = await store.requests().findOne({ _id: sample.requestId });
        const logs = await store.logs().find({ requestId: sample.requestId }).sort({ ts: 1, _id: 1 }).toArray();
        await store
          .requests()
          .find({ globalRequestId: { $in: [sample.requestId] } })
          .toArray();
        return ids(logs).concat(summary ? [] : ['missing']);
      },
      apiIds: (body) => body.logs.map((l: { id: string }) => l.id),
    },
    {
      name: 'GET /volume (1 h, step 60)',
      pageSize: null,
      path: `/volume?from=${iso(from)}&to=${iso(hourTo)}&step=60`,
      driver: async () => {
        const rows = await store
          .volume()
          .aggregate([
            { $match: { minute: { $gte: from, $lte: hourTo }, level: { $gte: 20 } } },
            { $group: { _id: { minute: '$minute', level: '$level' }, count: { $sum: '$count' } } },
          ])
          .toArray();
        return [String(rows.reduce((sum, row) => sum + (row.count as number), 0))];
      },
      apiIds: (body) => [
        String(
          body.buckets.reduce(
            (sum: number, b: { counts: Record<string, number> }) =>
              sum + Object.values(b.counts).reduce((a, n) => a + n, 0),
            0,
          ),
        ),
      ],
    },
    {
      name: 'GET /values/host (6 h)',
      pageSize: null,
      path: `/values/host?from=${iso(from)}&to=${iso(to)}`,
      driver: async () =>
        ((await store.volume().distinct('host', { minute: { $gte: from, $lte: to } })) as string[]).sort(),
      apiIds: (body) => body.values,
    },
  );
  return out;
}

async function main(): Promise<void> {
  const logs = flag('--logs', 200_000);
  const maxSamples = flag('--samples', 30);
  const budgetMs = flag('--budget-s', 20) * 1000;
  const config = loadConfig(process.env, {
    mongodbUri: process.env.MONGODB_URI || 'mongodb://127.0.0.1:27117/',
    database: `logcas_bench_api_${logs}`,
    apiToken: undefined,
  });
  const store = await openStore(config);
  const seeded = await seedOnce(store, logs);
  const server = await startServer(config, { port: 0, bind: '127.0.0.1', store });
  console.error(
    `${seeded ? 'seeded' : 'reusing'} ${config.database}; API at ${server.url}; server ${store.capabilities.server} ${store.capabilities.version}`,
  );

  // Inputs taken from the data: a cursor after page 1, one log id, one busy request.
  const firstPages = new Map<number, { cursor: string; last: { ts: Date; id: string } }>();
  for (const limit of [100, 1000]) {
    const page = JSON.parse((await httpGet(server.url, `/logs?limit=${limit}`)).body);
    const last = page.items[page.items.length - 1];
    firstPages.set(limit, { cursor: page.nextCursor, last: { ts: new Date(last.ts), id: last.id } });
  }
  const busiest = await store
    .requests()
    .find({ userId: { $ne: null } })
    .sort({ count: -1, _id: -1 })
    .limit(1)
    .toArray();
  const sample = {
    logId: firstPages.get(100)?.last.id as string,
    requestId: busiest[0]?._id as string,
    maxDurationMs: 0,
  };
  const all = cases(
    store,
    {
      cursor: (l) => firstPages.get(l)?.cursor as string,
      lastOfPage: (l) => firstPages.get(l)?.last as { ts: Date; id: string },
    },
    sample,
  );

  const rows: string[] = [];
  const header =
    '| route | page | API median ms | API p95 ms | driver median ms | driver p95 ms | ratio (median) | driver find ∥ count median ms | ratio to that |';
  rows.push(header, '|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(header);
  for (const c of all) {
    // Same rows: check once, outside the timings.
    const api = await httpGet(server.url, c.path);
    if (api.status !== 200) throw new Error(`${c.path} answered ${api.status}: ${api.body.slice(0, 200)}`);
    const apiIds = c.apiIds(JSON.parse(api.body));
    const driverIds = await c.driver();
    if (JSON.stringify(apiIds) !== JSON.stringify(driverIds)) {
      throw new Error(`${c.name}: API and driver rows differ (${apiIds.length} vs ${driverIds.length})`);
    }
    const apiTimes: number[] = [];
    const driverTimes: number[] = [];
    const countedTimes: number[] = [];
    const started = Date.now();
    // Interleaved so drift on the shared machine hits both sides alike.
    for (let i = 0; i < maxSamples && (i < 5 || Date.now() - started < budgetMs); i += 1) {
      let t = performance.now();
      await httpGet(server.url, c.path);
      apiTimes.push(performance.now() - t);
      t = performance.now();
      await c.driver();
      driverTimes.push(performance.now() - t);
      if (c.count) {
        const count = c.count;
        t = performance.now();
        await Promise.all([c.driver(), count()]);
        countedTimes.push(performance.now() - t);
      }
    }
    apiTimes.sort((a, b) => a - b);
    driverTimes.sort((a, b) => a - b);
    const [am, ap, dm, dp] = [
      quantile(apiTimes, 0.5),
      quantile(apiTimes, 0.95),
      quantile(driverTimes, 0.5),
      quantile(driverTimes, 0.95),
    ];
    countedTimes.sort((a, b) => a - b);
    const cm = countedTimes.length > 0 ? quantile(countedTimes, 0.5) : undefined;
    const counted = cm === undefined ? '— | —' : `${cm.toFixed(1)} | ${(am / cm).toFixed(2)}`;
    const row = `| ${c.name} | ${c.pageSize ?? '—'} | ${am.toFixed(1)} | ${ap.toFixed(1)} | ${dm.toFixed(1)} | ${dp.toFixed(1)} | ${(am / dm).toFixed(2)} | ${counted} |`;
    rows.push(row);
    console.log(row);
  }
  await server.close();
  await store.close();
  keepAlive.destroy();

  const section = [
    '## API',
    '',
    `\`npx tsx bench/api.ts --logs ${logs}\` on ${new Date().toISOString().slice(0, 10)}: ${store.capabilities.server} ` +
      `${store.capabilities.version}, ${logs} seeded logs (database ${config.database}), sequential requests over a ` +
      'keep-alive socket, API and driver interleaved, same rows checked. Ratio = API median / driver median. ' +
      'A first page also carries `total`: the API counts it (capped at 10,000) alongside the find, so the last ' +
      'columns time the driver doing the same two queries in parallel.',
    '',
    ...rows,
    '',
  ].join('\n');
  writeResultsSection('## API', section);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
