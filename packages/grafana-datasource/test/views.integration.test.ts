/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * The Errors, Error detail and Resource history query types, and the resource columns of logs, through
 * DataSource.query against the real LogCAS API over the real test database (Grafana's data proxy played by
 * a fetch stand-in, as in integration.test.ts). The traffic is core's view fixture: a recurring libvirt
 * spawn failure, port binding failures, attach timeouts and one instance's life through nova-api.
 */
import type { AddressInfo } from 'node:net';
import { DataFrameType, FieldType, LoadingState, type DataFrame, type DataQueryResponse } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { buildApp } from '../../core/src/api/app';
import type { ApiApp } from '../../core/src/api/types';
import { ingest } from '../../core/src/ingest/ingest';
import { openStore, type Store } from '../../core/src/store/connection';
import { testDatabaseName } from '../../core/test/support/database';
import { HISTORY_INSTANCE, viewTraffic } from '../../core/test/views-fixtures';
import { findOrStartServer, type RunningServer } from '../../../scripts/local-server';
import { LogcasDataSource } from '../src/datasource';
import { RESOURCE_HISTORY_VIEW } from '../src/frames';
import { NO_FINGERPRINT_HINT, NO_RESOURCE_HINT } from '../src/query/views';
import type { LogcasQuery } from '../src/types';
import { dataRequest, instanceSettings, PROXY_URL, range } from './support/fixtures';
import { installBackend } from './support/grafana-services';
import { installDashboardVariables } from './support/scene-templates';
import { proxyTo } from './support/proxy-standin';

const TOKEN = 'views-token';
const DAY = range(Date.parse('2026-11-24T00:00:00Z'), Date.parse('2026-11-24T23:59:59Z'));

let mongo: RunningServer;
let store: Store;
let app: ApiApp;
let ds: LogcasDataSource;

beforeAll(async () => {
  mongo = await findOrStartServer();
  store = await openStore({ mongodbUri: mongo.uri, database: testDatabaseName() });
  await ingest(store, viewTraffic().records);
  app = await buildApp({ store, config: { apiToken: TOKEN } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const apiUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // The Resource history dashboard's variable, set to the instance.
  await installDashboardVariables([
    { name: 'resource', type: 'textbox', query: HISTORY_INSTANCE, current: { value: HISTORY_INSTANCE } },
  ]);
  installBackend(proxyTo(PROXY_URL, apiUrl, TOKEN));
  ds = new LogcasDataSource(instanceSettings({ apiUrl }));
}, 120_000);

afterAll(async () => {
  await app?.close();
  await store?.db.dropDatabase().catch(() => undefined);
  await store?.close();
  await mongo?.stop();
});

async function run(query: Omit<LogcasQuery, 'refId'>): Promise<DataQueryResponse> {
  const response = await lastValueFrom(ds.query(dataRequest([{ refId: 'A', ...query }], { range: DAY })));
  if (response.state === LoadingState.Error) throw new Error(JSON.stringify(response.errors));
  return response;
}

const field = (frame: DataFrame | undefined, name: string) => frame?.fields.find((f) => f.name === name);
const LEVEL_RANK: Record<string, number> = { DEBUG: 10, INFO: 20, AUDIT: 21, WARNING: 30, ERROR: 40, CRITICAL: 50 };
const values = (frame: DataFrame | undefined, name: string): unknown[] => Array.from(field(frame, name)?.values ?? []);

test('Errors: a table of fingerprints with counts, trend sparklines and links to records and requests', async () => {
  const response = await run({ queryType: 'errors' });
  const frame = response.data[0] as DataFrame;
  expect(values(frame, 'count')).toEqual([6, 6, 6, 6]);
  expect(values(frame, 'title')).toContain('libvirt.libvirtError in nova/virt/libvirt/driver.py:spawn');
  const trend = field(frame, 'trend');
  expect(trend?.type).toBe(FieldType.frame);
  expect(trend?.config.custom).toEqual({ cellOptions: { type: 'sparkline' } });
  for (const spark of trend?.values ?? []) {
    const counts = Array.from((spark as DataFrame).fields[1]?.values ?? []) as number[];
    expect(counts.reduce((a, b) => a + b, 0)).toBe(6);
  }
  const link = field(frame, 'fingerprint')?.config.links?.[0];
  expect(link?.internal?.query).toMatchObject({ queryType: 'errorDetail', fingerprint: '${__value.raw}' });
  expect(field(frame, 'sampleRequestId')?.config.links?.[0]?.url).toContain('/d/logcas-request?var-request=');
  const onHost = await run({ queryType: 'errors', host: 'cmp-04', minLevel: 'ERROR' });
  expect(values(onHost.data[0], 'hosts')).toEqual(['cmp-04']);
});

test('Errors: new only, first seen inside the range', async () => {
  const later = await lastValueFrom(
    ds.query(
      dataRequest([{ refId: 'A', queryType: 'errors', newOnly: true }], {
        range: range(Date.parse('2026-11-24T10:12:00Z'), Date.parse('2026-11-24T11:00:00Z')),
      }),
    ),
  );
  expect((later.data[0] as DataFrame).length).toBe(0);
});

test('Error detail: the records of a fingerprint and the requests it failed', async () => {
  const errors = (await run({ queryType: 'errors', host: 'cmp-04' })).data[0] as DataFrame;
  const fingerprint = String(values(errors, 'fingerprint')[0]);
  const [records, requests] = (await run({ queryType: 'errorDetail', fingerprint })).data as DataFrame[];
  expect(records?.meta?.type).toBe(DataFrameType.LogLines);
  expect(values(records, 'fingerprint')).toEqual(new Array(6).fill(fingerprint));
  expect(values(requests, 'maxLevel')).toEqual(new Array(6).fill('ERROR'));
});

test('Resource history: the requests of one instance in time order, with operation and outcome', async () => {
  const response = await run({ queryType: 'resourceHistory', resource: '$resource' });
  const frame = response.data[0] as DataFrame;
  expect(frame.meta?.custom).toMatchObject({ logcasView: RESOURCE_HISTORY_VIEW, resourceId: HISTORY_INSTANCE });
  expect(values(frame, 'outcome')).toEqual(['ok', 'ok', 'error', 'ok', 'ok']);
  expect(String(values(frame, 'operation')[4])).toMatch(/^DELETE \/v2\.1\/\w+\/servers\//);
  const starts = values(frame, 'start') as number[];
  expect(starts).toEqual([...starts].sort((a, b) => a - b));
});

test('Logs: every resource a log names is a column linking to its history', async () => {
  const response = await run({ queryType: 'logs', service: 'cinder-volume', minLevel: 'INFO' });
  const frame = response.data[0] as DataFrame;
  expect(values(frame, 'volume').every((v) => typeof v === 'string')).toBe(true);
  const links = field(frame, 'instance')?.config.links ?? [];
  expect(links[0]?.url).toContain('/d/logcas-resource?var-resource=${__value.raw}');
  expect(links[1]?.internal?.query).toMatchObject({ queryType: 'resourceHistory', resource: '${__value.raw}' });
});

test('Resources: the resources of the range, failures first, each linking to its history', async () => {
  const response = await run({ queryType: 'resources', limit: 100 });
  const frame = response.data[0] as DataFrame;
  const ids = values(frame, 'id');
  expect(ids).toContain(HISTORY_INSTANCE);
  // Failures first: the highest level first, then the most ERROR+ logs.
  const rank = (row: number) => [
    LEVEL_RANK[String(values(frame, 'maxLevel')[row])] ?? 0,
    Number(values(frame, 'errorCount')[row]),
  ];
  const ranks = ids.map((_id, row) => rank(row));
  expect(ranks[0]?.[1]).toBeGreaterThan(0);
  for (let row = 1; row < ranks.length; row += 1) {
    const [level, errors] = ranks[row] as number[];
    const [previousLevel, previousErrors] = ranks[row - 1] as number[];
    expect(previousLevel! > level! || (previousLevel === level && previousErrors! >= errors!)).toBe(true);
  }
  expect(field(frame, 'id')?.config.links?.[0]?.url).toContain('/d/logcas-resource?var-resource=${__value.raw}');
});

test('A missing resource or fingerprint is an empty answer that says why, a bad one the API’s error', async () => {
  for (const queryType of ['resourceHistory', 'errorDetail'] as const) {
    const missing = await lastValueFrom(ds.query(dataRequest([{ refId: 'B', queryType }], { range: DAY })));
    expect(missing.errors ?? []).toEqual([]);
    const notice = (missing.data[0] as DataFrame).meta?.notices?.[0]?.text;
    expect(notice).toBe(queryType === 'resourceHistory' ? NO_RESOURCE_HINT : NO_FINGERPRINT_HINT);
  }
  const bad = await lastValueFrom(
    ds.query(dataRequest([{ refId: 'C', queryType: 'errorDetail', fingerprint: 'nope' }], { range: DAY })),
  );
  expect(bad.errors?.[0]).toMatchObject({ status: 400 });
});
