/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * The dashboard walk: every provisioned dashboard, in every variable state a Grafana user can give it
 * (walk/states.ts), run as Grafana 13 runs it — a @grafana/scenes scene whose SceneQueryRunners call the
 * BUILT datasource (module.js from the shipped build, loaded as Grafana loads it) — against the real API
 * over a database loaded with demo traffic. For each panel and LogCAS annotation:
 *   - no error, and every row matches the filters the variables stand for (walk/expectations.ts);
 *   - the panel's Explore link (scenes' getExploreURL, i.e. the datasource's interpolateVariablesInQueries)
 *     runs in Explore, where no dashboard variable exists, without error and with the same rows;
 *   - each logs frame's first row opens its log context, and its context query runs in Explore.
 * Needs MONGODB_URI (or a FerretDB core's test support can start) and takes a few minutes.
 */
import { join } from 'node:path';
import {
  LogRowContextQueryDirection,
  type DataFrame,
  type DataQueryResponse,
  type DataSourceApi,
  type LogRowModel,
} from '@grafana/data';
import { getExploreURL } from '@grafana/scenes';
import { lastValueFrom } from 'rxjs';
import { readDashboards } from '../../../test/stack/files';
import type { LogcasDataSource } from '../src/datasource';
import type { LogcasQuery } from '../src/types';
import { instanceSettings, PROXY_URL } from './support/fixtures';
import { installBackend } from './support/grafana-services';
import { proxyTo } from './support/proxy-standin';
import { dashboardScene, installSceneTemplateSrv } from './support/scene-templates';
import { buildAndLoadPlugin } from './walk/built-plugin';
import { startDemoApi, type DemoApi } from './walk/demo-api';
import { checkFrames, digest, expectedFor, variableMeaning } from './walk/expectations';
import { installDataSource, installRunRequest } from './walk/grafana-runtime';
import {
  exploreRequest,
  isDashboardConsumer,
  runDashboard,
  type DashboardModel,
  type PanelRun,
} from './walk/run-dashboard';
import { walkStates, type DemoFacts } from './walk/states';

const NOW = Date.parse('2026-11-24T11:00:00.000Z');
const DAY = 86_400_000;

let api: DemoApi;
let ds: LogcasDataSource;
let facts: DemoFacts;

/** A failed request with related requests and an instance, and a time in the middle of the traffic. */
async function demoFacts(): Promise<DemoFacts> {
  const failed = await ds.api.requests({ minLevel: 'ERROR', from: api.from, to: api.to, limit: 200 });
  for (const request of failed.items) {
    const detail = await ds.api.requestDetail(request.requestId);
    const instance = detail.logs.flatMap((log) => log.resources ?? []).find((ref) => ref.kind === 'instance');
    if (detail.related.length > 1 && instance) {
      return { requestId: request.requestId, around: String(Date.parse(detail.logs[0]!.ts)), resource: instance.id };
    }
  }
  throw new Error(`none of ${failed.items.length} failed demo requests has related requests and an instance`);
}

beforeAll(async () => {
  const plugin = buildAndLoadPlugin(join(__dirname, '..'));
  api = await startDemoApi({ now: NOW, minutes: 5, seed: 11 });
  installBackend(proxyTo(PROXY_URL, api.url, api.token));
  const settings = { ...instanceSettings({ apiUrl: api.url }), uid: 'logcas' };
  ds = new plugin.DataSourceClass!(settings) as LogcasDataSource;
  installDataSource(ds as unknown as DataSourceApi, settings);
  installRunRequest();
  facts = await demoFacts();
}, 600_000);

afterAll(async () => {
  await api?.close();
});

/** Explore has no dashboard: its template service knows no variables. */
function enterExplore(): void {
  const explore = dashboardScene([]);
  explore.scene.activate();
  installSceneTemplateSrv(explore.scene);
}

async function runInExplore(queries: LogcasQuery[], range: { from: number; to: number }, intervalMs?: number) {
  const request = exploreRequest(queries, range, `explore-${Math.random()}`);
  if (intervalMs) request.intervalMs = intervalMs;
  return lastValueFrom(ds.query(request));
}

const errorsOf = (response: Pick<DataQueryResponse, 'errors'>) => (response.errors ?? []).map((e) => e.message);

function firstRow(frame: DataFrame): LogRowModel {
  const time = frame.fields.find((f) => f.name === 'timestamp')!.values[0] as number;
  const id = frame.fields.find((f) => f.name === 'id')!.values[0] as string;
  return { rowIndex: 0, rowId: id, timeEpochMs: time, dataFrame: frame } as LogRowModel;
}

/** The panel's Explore link, run in Explore: no error, the same rows. */
async function checkExplore(panel: PanelRun, range: { from: number; to: number }): Promise<void> {
  const url = await getExploreURL(panel.data, panel.runner, { from: String(range.from), to: String(range.to) });
  const left = JSON.parse(new URL(url, 'http://grafana').searchParams.get('left')!) as { queries: LogcasQuery[] };
  enterExplore();
  const response = await runInExplore(left.queries, range, panel.data.request?.intervalMs);
  expect({ panel: panel.title, explore: errorsOf(response) }).toEqual({ panel: panel.title, explore: [] });
  expect(digest(response.data)).toEqual(digest(panel.data.series));
}

/** Log context of each logs frame's first row, and its context query in Explore. */
async function checkContext(panel: PanelRun): Promise<number> {
  let rows = 0;
  const scopedVars = panel.data.request!.scopedVars;
  for (const frame of panel.data.series.filter((f) => f.meta?.type === 'log-lines' && f.length > 0)) {
    const target = panel.data.request!.targets.find((t) => t.refId === frame.refId) as LogcasQuery;
    const row = firstRow(frame);
    const span = ds.contextSpan * 1000;
    const context = await ds.getLogRowContext(
      row,
      { direction: LogRowContextQueryDirection.Backward, limit: 20, scopedVars },
      target,
    );
    const times = (context.data[0] as DataFrame).fields.find((f) => f.name === 'timestamp')!.values as number[];
    expect(times.filter((t) => t < row.timeEpochMs - span || t > row.timeEpochMs)).toEqual([]);
    const contextQuery = await ds.getLogRowContextQuery(row, { scopedVars }, target);
    enterExplore();
    const response = await runInExplore([contextQuery!], { from: row.timeEpochMs - DAY, to: row.timeEpochMs + DAY });
    expect({ panel: panel.title, context: errorsOf(response) }).toEqual({ panel: panel.title, context: [] });
    const around = (response.data[0] as DataFrame).fields.find((f) => f.name === 'timestamp')!.values as number[];
    expect(around.filter((t) => Math.abs(t - row.timeEpochMs) > span)).toEqual([]);
    rows += times.length + around.length;
  }
  return rows;
}

describe.each(readDashboards().map(({ file, dashboard }) => [file, dashboard as unknown as DashboardModel] as const))(
  'dashboard %s',
  (_file, dashboard) => {
    test.each(walkStates(dashboard.templating?.list ?? []).map((state) => [state.name, state] as const))(
      '%s',
      async (_name, state) => {
        const range = state.emptyRange
          ? { from: api.from - 2 * DAY, to: api.from - DAY }
          : { from: api.from, to: api.to };
        const run = await runDashboard(dashboard, state, ds, range, facts);
        // Log context depends on a query's collection and minimum level only: checked where those vary.
        const contextVariables = new Set(
          dashboard.panels
            .flatMap((panel) => panel.targets ?? [])
            .flatMap((target) => [target.collection, target.minLevel])
            .map((value) => /^\$\{?(\w+)\}?$/.exec(String(value))?.[1]),
        );
        const checkContextHere = state.variable === undefined || contextVariables.has(state.variable);
        const noRequest =
          run.variables.getByName('request') !== undefined && variableMeaning(run.variables, 'request') === undefined;
        let rows = 0;
        for (const panel of run.panels) {
          expect({ panel: panel.title, errors: errorsOf(panel.data) }).toEqual({ panel: panel.title, errors: [] });
          for (const target of panel.data.request!.targets) {
            const frames = panel.data.series.filter((frame) => frame.refId === target.refId);
            const check = checkFrames(frames, expectedFor(target as never, run.variables, range));
            expect({ panel: panel.title, problems: check.problems }).toEqual({ panel: panel.title, problems: [] });
            rows += check.rows;
            if (noRequest && ['requestDetail', 'requestTrace'].includes(String(target.queryType))) {
              // The empty Request box: a hint, not an error.
              expect(frames[0]?.meta?.notices?.[0]?.text).toMatch(/^No request chosen/);
            }
          }
          await checkExplore(panel, range);
          if (checkContextHere) rows += await checkContext(panel);
        }
        // Panels showing another panel's answer: that answer holds the query they pick.
        for (const consumer of dashboard.panels.filter(isDashboardConsumer)) {
          const source = run.panels.find((panel) => panel.id === consumer.targets?.[0]?.panelId);
          const picked = consumer.transformations?.find((t) => t.id === 'filterByRefId')?.options.include;
          const frames = source?.data.series.filter((frame) => frame.refId === picked) ?? [];
          expect({ consumer: consumer.title, frames: frames.length > 0 }).toEqual({
            consumer: consumer.title,
            frames: true,
          });
        }
        // Not a vacuous walk: outside an empty range, the dashboard shows rows.
        if (!state.emptyRange) expect(rows).toBeGreaterThan(0);
      },
      120_000,
    );
  },
);
