/**
 * Dashboard variables as Grafana 13 evaluates them: a scene (`@grafana/scenes`, the library Grafana's
 * dashboards are built on) holding the variables of a dashboard's JSON model, and a template service that
 * hands every `replace` to `sceneGraph.interpolate` exactly as Grafana core's TemplateSrv does inside a
 * dashboard (the scene object in `scopedVars.__sceneObject` first, else the active scene). The formatting
 * of multi-value, All and custom-all values is therefore Grafana's own, not an imitation.
 */
import type { DataSourceRef, ScopedVars, TypedVariableModel } from '@grafana/data';
import { config, setTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import {
  ConstantVariable,
  CustomVariable,
  EmbeddedScene,
  QueryVariable,
  SceneFlexLayout,
  SceneTimeRange,
  SceneVariableSet,
  TextBoxVariable,
  sceneGraph,
  type SceneFlexItem,
  type SceneObject,
  type SceneVariable,
  type VariableCustomFormatterFn,
  type VariableValue,
} from '@grafana/scenes';

/** A variable as a dashboard's JSON model (`templating.list[]`) stores it. */
export interface DashboardVariable {
  name: string;
  type: string;
  label?: string;
  query?: unknown;
  current?: { text?: string | string[]; value?: string | string[] };
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string | null;
  datasource?: DataSourceRef | null;
  regex?: string;
  sort?: number;
  refresh?: number;
}

// Scenes wraps scene objects for scopedVars the way the Grafana version it runs in expects.
config.buildInfo.version = '13.2.2';

/** The scene variable Grafana builds for a dashboard variable of these types. */
export function sceneVariable(model: DashboardVariable): SceneVariable {
  const value = model.current?.value ?? '';
  const text = model.current?.text ?? value;
  const common = { name: model.name, label: model.label };
  const multi = {
    ...common,
    value,
    text,
    isMulti: model.multi ?? false,
    includeAll: model.includeAll ?? false,
    allValue: model.allValue ?? undefined,
  };
  switch (model.type) {
    case 'textbox':
      return new TextBoxVariable({ ...common, value: String(value) });
    case 'constant':
      return new ConstantVariable({ ...common, value: String(model.query ?? value) });
    case 'custom':
      return new CustomVariable({ ...multi, query: String(model.query ?? '') });
    case 'query':
      return new QueryVariable({
        ...multi,
        datasource: model.datasource ?? null,
        query: model.query as never,
        regex: model.regex ?? '',
        sort: model.sort ?? 0,
        refresh: model.refresh ?? 1,
      });
    default:
      throw new Error(`sceneVariable: dashboard variables of type ${model.type} are not used by LogCAS dashboards`);
  }
}

export interface DashboardScene {
  scene: EmbeddedScene;
  variables: SceneVariableSet;
}

/** A dashboard scene over `variables` and a time range, with `items` (panels' data holders) in its body. */
export function dashboardScene(
  variables: DashboardVariable[],
  range: { from: string; to: string } = { from: 'now-1h', to: 'now' },
  items: SceneFlexItem[] = [],
): DashboardScene {
  const set = new SceneVariableSet({ variables: variables.map(sceneVariable) });
  const scene = new EmbeddedScene({
    $variables: set,
    $timeRange: new SceneTimeRange({ ...range, timeZone: 'utc' }),
    body: new SceneFlexLayout({ children: items }),
  });
  return { scene, variables: set };
}

/** Waits until no variable of the set is loading or waiting for one it depends on. */
export async function variablesReady(set: SceneVariableSet, timeoutMs = 30000): Promise<void> {
  const started = Date.now();
  while (set.state.variables.some((v) => set.isVariableLoadingOrWaitingToUpdate(v))) {
    if (Date.now() - started > timeoutMs) {
      const busy = set.state.variables
        .filter((v) => set.isVariableLoadingOrWaitingToUpdate(v))
        .map((v) => v.state.name);
      throw new Error(`variables still loading after ${timeoutMs} ms: ${busy.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const failed = set.state.variables.filter((v) => v.state.error);
  if (failed.length > 0) {
    throw new Error(`variables failed: ${failed.map((v) => `${v.state.name}: ${String(v.state.error)}`).join('; ')}`);
  }
}

const VARIABLE_REFERENCE = /\$(\w+)|\[\[(\w+?)(?::\w+)?\]\]|\$\{(\w+)(?:\.[^:^}]+)?(?::[^}]+)?\}/g;

/**
 * Installs the template service of a Grafana 13 dashboard whose active scene is `scene`: `replace`
 * delegates to `sceneGraph.interpolate` like Grafana core's TemplateSrv does.
 */
export function installSceneTemplateSrv(scene: SceneObject): void {
  const scopeOf = (scopedVars?: ScopedVars): SceneObject =>
    (scopedVars?.__sceneObject?.value as { valueOf(): SceneObject } | undefined)?.valueOf() ?? scene;
  const variables = (): SceneVariable[] => [...sceneGraph.getVariables(scene).state.variables];
  const srv: TemplateSrv = {
    replace: (target, scopedVars, format) =>
      sceneGraph.interpolate(
        scopeOf(scopedVars),
        target,
        scopedVars,
        format as string | VariableCustomFormatterFn | undefined,
      ),
    getVariables: () =>
      variables().map((v) => ({ ...v.state, name: v.state.name, type: v.state.type }) as unknown as TypedVariableModel),
    containsTemplate: (target) => {
      if (!target) return false;
      const names = new Set(variables().map((v) => v.state.name));
      return [...target.matchAll(VARIABLE_REFERENCE)].some((m) => names.has(m[1] ?? m[2] ?? m[3] ?? ''));
    },
    updateTimeRange: () => undefined,
  };
  setTemplateSrv(srv);
}

/** Builds, activates and installs a scene holding `variables` (custom and textbox ones need no datasource). */
export async function installDashboardVariables(variables: DashboardVariable[]): Promise<DashboardScene> {
  const dashboard = dashboardScene(variables);
  dashboard.scene.activate();
  await variablesReady(dashboard.variables);
  installSceneTemplateSrv(dashboard.scene);
  return dashboard;
}

/** A variable's current value as the scene holds it. */
export function currentValue(dashboard: DashboardScene, name: string): VariableValue | undefined | null {
  return dashboard.variables.getByName(name)?.getValue();
}
