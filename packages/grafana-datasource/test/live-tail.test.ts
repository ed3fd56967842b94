/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * Live tail end to end: Explore's live query on the datasource, through the data proxy stand-in, against
 * the real API over the real test database, while logs are stored. The API then goes away and comes back
 * on the same address (a restart): the stream shows the error meanwhile, reconnects from its last cursor,
 * and in the end holds every stored log exactly once.
 */
import type { AddressInfo } from 'node:net';
import { LoadingState, type DataFrame, type DataQueryResponse } from '@grafana/data';
import { emptyContext } from '@logcas/contract';
import type { Subscription } from 'rxjs';
import { buildApp } from '../../core/src/api/app';
import type { ApiApp } from '../../core/src/api/types';
import { ingest } from '../../core/src/ingest/ingest';
import type { ParsedLog } from '../../core/src/model/record';
import { openStore, type Store } from '../../core/src/store/connection';
import { testDatabaseName } from '../../core/test/support/database';
import { findOrStartServer, type RunningServer } from '../../../scripts/local-server';
import { LogcasDataSource } from '../src/datasource';
import { dataRequest, instanceSettings, PROXY_URL } from './support/fixtures';
import { installBackend } from './support/grafana-services';
import { proxyTo } from './support/proxy-standin';
import { installDashboardVariables } from './support/scene-templates';

const TOKEN = 'live-read-token';
const SETTLE_MS = 200;

let mongo: RunningServer;
let store: Store;
let app: ApiApp | undefined;
let port = 0;

async function startApi(): Promise<void> {
  app = await buildApp({
    store,
    config: { apiToken: 'live-full-token', apiReadToken: TOKEN, tailSettleMs: SETTLE_MS },
  });
  await app.listen({ port, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
}

let sequence = 0;
/** A batch of logs as a collector stores it now; returns their messages. */
async function storeLogs(count: number, host = 'compute-1'): Promise<string[]> {
  const now = new Date();
  const records: ParsedLog[] = Array.from({ length: count }, (_, i) => {
    sequence += 1;
    const message = `Claim successful on node ${host} (#${sequence})`;
    return {
      ...emptyContext(),
      ts: new Date(now.getTime() + i),
      level: 20,
      levelName: 'INFO',
      host,
      service: 'nova-compute',
      logger: 'nova.compute.claims',
      pid: 4021,
      message,
      traceback: null,
      source: { channel: 'import' },
      extra: null,
      raw: `${now.toISOString()} ${message}`,
    };
  });
  await ingest(store, records, { now });
  return records.map((r) => r.message);
}

beforeAll(async () => {
  mongo = await findOrStartServer();
  store = await openStore({ mongodbUri: mongo.uri, database: testDatabaseName() });
  await startApi();
  await installDashboardVariables([
    { name: 'host', type: 'custom', query: 'compute-1,compute-2', current: { value: 'compute-1' } },
  ]);
  installBackend(proxyTo(PROXY_URL, `http://127.0.0.1:${port}`, TOKEN));
});

afterAll(async () => {
  await app?.close();
  await store?.db.dropDatabase().catch(() => undefined);
  await store?.close();
  await mongo?.stop();
});

const bodies = (response: DataQueryResponse | undefined): string[] =>
  Array.from(
    ((response?.data[0] as DataFrame | undefined)?.fields.find((f) => f.name === 'body')?.values ?? []) as string[],
  );

async function until(check: () => boolean, what: string, timeoutMs = 30000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('follows new logs, shows the outage, reconnects after an API restart without gaps or repeats', async () => {
  const ds = new LogcasDataSource(instanceSettings({ apiUrl: `http://127.0.0.1:${port}` }));
  const responses: DataQueryResponse[] = [];
  let subscription: Subscription | undefined;
  try {
    const stream = ds.query(dataRequest([{ refId: 'A', host: '$host', limit: 500 }], { liveStreaming: true }));
    subscription = stream.subscribe((response) => responses.push(response));
    await until(() => responses.length > 0, 'the first live answer');
    expect(responses[0]!.state).toBe(LoadingState.Streaming);

    const expected = [...(await storeLogs(3)), ...(await storeLogs(2, 'compute-2'))].filter((m) =>
      m.includes('compute-1'),
    );
    await until(() => bodies(responses.at(-1)).length === 3, 'the first batch');

    // The API goes away; logs keep being stored meanwhile.
    await app!.close();
    app = undefined;
    expected.push(...(await storeLogs(4)));
    await until(() => responses.some((r) => (r.errors ?? []).length > 0), 'the outage to show');
    expect(responses.find((r) => r.errors?.length)!.errors![0]!.message).toMatch(/live tail retries in \d+ s/);

    await startApi();
    expected.push(...(await storeLogs(2)));
    await until(() => bodies(responses.at(-1)).length === expected.length, 'every log after the restart');
    const shown = bodies(responses.at(-1));
    expect([...shown].sort()).toEqual([...expected].sort());
    expect(new Set(shown).size).toBe(shown.length);
    expect(responses.at(-1)!.errors).toBeUndefined();
  } finally {
    subscription?.unsubscribe();
  }
}, 60000);
