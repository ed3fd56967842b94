/**
 * One provisioned dashboard in one variable state, run the way Grafana 13 runs it: a scene with the
 * dashboard's variables (query variables ask the datasource's variable support for their options), one
 * SceneQueryRunner per panel and per annotation, each building its request (scopedVars with the scene
 * object, interval, ad hoc filters) and calling the datasource's query().
 */
import { dateTime, LoadingState, type DataQueryRequest, type PanelData } from '@grafana/data';
import {
  SceneCanvasText,
  SceneFlexItem,
  SceneQueryRunner,
  type SceneDataQuery,
  type SceneVariableSet,
} from '@grafana/scenes';
import type { LogcasDataSource } from '../../src/datasource';
import type { LogcasQuery } from '../../src/types';
import {
  dashboardScene,
  installSceneTemplateSrv,
  variablesReady,
  type DashboardVariable,
} from '../support/scene-templates';
import type { DemoFacts, WalkState } from './states';

export interface DashboardModel {
  uid: string;
  title: string;
  panels: DashboardPanel[];
  templating?: { list: DashboardVariable[] };
  annotations?: { list: Array<{ name: string; datasource?: { type?: string }; target?: Record<string, unknown> }> };
}

export interface DashboardPanel {
  id: number;
  title: string;
  type: string;
  datasource?: { type?: string; uid?: string };
  targets?: Array<Record<string, unknown>>;
  transformations?: Array<{ id: string; options: Record<string, unknown> }>;
}

/** A panel showing another panel's answer through Grafana's `-- Dashboard --` datasource. */
export function isDashboardConsumer(panel: DashboardPanel): boolean {
  return panel.datasource?.uid === '-- Dashboard --';
}

export interface PanelRun {
  /** The panel's id; undefined for an annotation. */
  id?: number;
  title: string;
  runner: SceneQueryRunner;
  data: PanelData;
}

export interface DashboardRun {
  variables: SceneVariableSet;
  range: { from: number; to: number };
  panels: PanelRun[];
}

async function settled(runner: SceneQueryRunner, timeoutMs = 60000): Promise<PanelData> {
  const started = Date.now();
  for (;;) {
    const data = runner.state.data;
    if (data?.request && (data.state === LoadingState.Done || data.state === LoadingState.Error)) return data;
    if (Date.now() - started > timeoutMs) throw new Error(`a panel query did not finish in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The dashboard's panels and LogCAS annotations, each with the queries Grafana would send. */
function queryHolders(
  dashboard: DashboardModel,
  ds: LogcasDataSource,
): Array<{ id: number | undefined; title: string; item: SceneFlexItem }> {
  const holder = (id: number | undefined, title: string, datasource: unknown, queries: SceneDataQuery[]) => ({
    id,
    title,
    item: new SceneFlexItem({
      $data: new SceneQueryRunner({ datasource: datasource as never, queries }),
      body: new SceneCanvasText({ text: title }),
    }),
  });
  // A consumer of another panel's answer sends no query of its own (the test checks what it picks).
  const panels = dashboard.panels
    .filter((panel) => (panel.targets ?? []).length > 0 && !isDashboardConsumer(panel))
    .map((panel) => holder(panel.id, panel.title, panel.datasource, panel.targets as SceneDataQuery[]));
  const annotations = (dashboard.annotations?.list ?? [])
    .filter((annotation) => annotation.datasource?.type === ds.type && annotation.target)
    .map((annotation) => {
      const prepared = ds.annotations!.prepareQuery!(annotation as never) as LogcasQuery;
      return holder(undefined, `annotation ${annotation.name}`, annotation.datasource, [prepared]);
    });
  return [...panels, ...annotations];
}

export async function runDashboard(
  dashboard: DashboardModel,
  state: WalkState,
  ds: LogcasDataSource,
  range: { from: number; to: number },
  facts: DemoFacts,
): Promise<DashboardRun> {
  const holders = queryHolders(dashboard, ds);
  const scene = dashboardScene(
    state.definitions,
    // As the time picker stores an absolute range.
    { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() },
    holders.map((h) => h.item),
  );
  installSceneTemplateSrv(scene.scene);
  scene.scene.activate();
  await variablesReady(scene.variables);
  state.pick(scene.variables, facts);
  await variablesReady(scene.variables);
  const panels: PanelRun[] = [];
  for (const { id, title, item } of holders) {
    item.activate();
    const runner = item.state.$data as SceneQueryRunner;
    panels.push({ id, title, runner, data: await settled(runner) });
  }
  return { variables: scene.variables, range, panels };
}

/** Explore's request for a pane's queries: no dashboard, so no scopedVars beyond Grafana's own. */
export function exploreRequest(
  queries: LogcasQuery[],
  range: { from: number; to: number },
  requestId: string,
): DataQueryRequest<LogcasQuery> {
  const from = dateTime(range.from);
  const to = dateTime(range.to);
  return {
    app: 'explore',
    requestId,
    timezone: 'utc',
    range: { from, to, raw: { from, to } },
    interval: '1m',
    intervalMs: 60000,
    targets: queries,
    scopedVars: {},
    startTime: Date.now(),
  } as DataQueryRequest<LogcasQuery>;
}
