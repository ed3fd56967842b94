/** Every provisioned dashboard, checked against the plugins and against each other. */
import {
  DEFAULT_REQUEST_DASHBOARD_UID,
  QUERY_TYPES,
  RESOURCE_DASHBOARD_UID,
} from '../../packages/grafana-datasource/src/types';
import { DEFAULT_OPTIONS, TIMELINE_MODES } from '../../packages/grafana-panel/src/types';
import {
  allPanels,
  allStrings,
  DASHBOARD_DIR,
  readDashboards,
  readJson,
  readYaml,
  type Dashboard,
  type Panel,
} from './files';

const DATASOURCE_ID = readJson<{ id: string }>('packages/grafana-datasource/src/plugin.json').id;
const PANEL_ID = readJson<{ id: string }>('packages/grafana-panel/src/plugin.json').id;
const DATASOURCE_UID = readYaml<{ datasources: Array<{ uid: string }> }>('provisioning/datasources/logcas.yaml')
  .datasources[0]!.uid;
// Panels that ship with Grafana itself.
const GRAFANA_PANELS = new Set(['timeseries', 'logs', 'table', 'traces', 'text', 'row', 'stat', 'barchart']);
const VALUE_FIELDS = ['host', 'service', 'project', 'user', 'level'];

const dashboards = readDashboards();
const byUid = new Map(dashboards.map(({ dashboard }) => [dashboard.uid, dashboard]));

/** A panel showing another panel's answer (Grafana's built-in `-- Dashboard --` datasource). */
function isDashboardConsumer(panel: Panel): boolean {
  return typeof panel.datasource === 'object' && panel.datasource?.uid === '-- Dashboard --';
}

function variableNames(dashboard: Dashboard): Set<string> {
  return new Set((dashboard.templating?.list ?? []).map((variable) => variable.name));
}

/** `$name`, `${name}`, `${name:format}` and `[[name]]` references, without Grafana's own `__` variables. */
function referencedVariables(text: string): string[] {
  const names = [...text.matchAll(/\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? '',
  );
  return names.filter((name) => !name.startsWith('__'));
}

describe('provisioned dashboards', () => {
  it('are the five the stack promises, each with a unique uid', () => {
    expect(dashboards.map(({ dashboard }) => dashboard.title).sort()).toEqual([
      'LogCAS Archive',
      'LogCAS Overview',
      'LogCAS Range window',
      'LogCAS Request detail',
      'LogCAS Resource history',
    ]);
    expect(byUid.size).toBe(dashboards.length);
  });

  it('are found by the dashboard provider at the folder Grafana mounts', () => {
    const provider = readYaml<{ providers: Array<{ options: { path: string } }> }>(
      'provisioning/dashboards/logcas.yaml',
    );
    expect(provider.providers[0]!.options.path).toBe(`/etc/grafana/${DASHBOARD_DIR}`);
  });

  describe.each(dashboards.map(({ file, dashboard }) => [file, dashboard] as const))('%s', (_file, dashboard) => {
    const panels = allPanels(dashboard.panels);
    const variables = variableNames(dashboard);

    it('uses only existing panel plugins and the provisioned LogCAS datasource', () => {
      for (const panel of panels) {
        expect([...GRAFANA_PANELS, PANEL_ID]).toContain(panel.type);
        if (panel.type === 'row' || isDashboardConsumer(panel)) continue;
        expect(panel.datasource).toEqual({ type: DATASOURCE_ID, uid: DATASOURCE_UID });
        for (const target of panel.targets ?? []) {
          expect(target.datasource).toEqual({ type: DATASOURCE_ID, uid: DATASOURCE_UID });
          expect(Object.values(QUERY_TYPES)).toContain(target.queryType);
        }
      }
    });

    it("shares one panel's answer through Grafana's -- Dashboard -- datasource, picking a query of it", () => {
      for (const consumer of panels.filter(isDashboardConsumer)) {
        const [target] = consumer.targets ?? [];
        const source = panels.find((panel) => panel.id === target?.panelId);
        expect({ consumer: consumer.title, source: source?.title ?? 'missing' }).not.toMatchObject({
          source: 'missing',
        });
        expect(source!.datasource).toEqual({ type: DATASOURCE_ID, uid: DATASOURCE_UID });
        const picked = (
          consumer as { transformations?: Array<{ id: string; options: { include: string } }> }
        ).transformations?.find((t) => t.id === 'filterByRefId')?.options.include;
        expect((source!.targets ?? []).map((t) => t.refId)).toContain(picked);
      }
    });

    it('gives the timeline panel only options it knows', () => {
      for (const panel of panels.filter((p) => p.type === PANEL_ID)) {
        const options = panel.options as Record<string, unknown>;
        for (const key of Object.keys(options)) expect(Object.keys(DEFAULT_OPTIONS)).toContain(key);
        expect(TIMELINE_MODES).toContain(options.mode);
      }
    });

    it('defines every variable its panels, queries and links use', () => {
      for (const text of allStrings([dashboard.panels, dashboard.annotations, dashboard.links])) {
        for (const name of referencedVariables(text))
          expect({ name, defined: variables.has(name) }).toEqual({ name, defined: true });
      }
    });

    it('asks the datasource for variable values it can give', () => {
      for (const variable of (dashboard.templating?.list ?? []).filter((v) => v.type === 'query')) {
        expect(variable.datasource).toEqual({ type: DATASOURCE_ID, uid: DATASOURCE_UID });
        expect(VALUE_FIELDS).toContain((variable.query as { field: string }).field);
      }
    });

    it('links only to dashboards that exist, with variables they define', () => {
      for (const text of allStrings(dashboard.panels).filter((s) => s.includes('/d/'))) {
        const [, uid, query] = /\/d\/([\w-]+)[^?]*\?(.*)$/.exec(text) ?? [];
        const target = byUid.get(uid ?? '');
        expect({ link: text, exists: Boolean(target) }).toEqual({ link: text, exists: true });
        for (const [, name] of (query ?? '').matchAll(/var-(\w+)=/g)) {
          expect({ link: text, variable: name, defined: variableNames(target!).has(name!) }).toMatchObject({
            defined: true,
          });
        }
      }
    });
  });

  it('has the request-detail dashboard the datasource links request ids to, with its variables', () => {
    const detail = byUid.get(DEFAULT_REQUEST_DASHBOARD_UID);
    expect(detail).toBeDefined();
    expect([...variableNames(detail!)]).toEqual(expect.arrayContaining(['request', 'collection']));
  });
});

describe('error and resource views on the dashboards', () => {
  const targetsOf = (uid: string) =>
    allPanels(byUid.get(uid)?.panels).map((panel) => ({
      title: panel.title,
      type: panel.type,
      options: panel.options as Record<string, unknown> | undefined,
      targets: (panel.targets ?? []) as Array<Record<string, unknown>>,
    }));

  it('Overview has Top errors and New errors (first seen in the range)', () => {
    const panels = targetsOf('logcas-overview');
    const top = panels.find((p) => p.title === 'Top errors');
    const fresh = panels.find((p) => p.title === 'New errors');
    expect(top?.targets[0]).toMatchObject({ queryType: QUERY_TYPES.errors });
    expect(top?.targets[0]?.newOnly).toBeUndefined();
    expect(fresh?.targets[0]).toMatchObject({ queryType: QUERY_TYPES.errors, newOnly: true });
  });

  it('has the Resource history dashboard the datasource links uuids to, a resource-mode timeline on `$resource`', () => {
    const dashboard = byUid.get(RESOURCE_DASHBOARD_UID);
    expect(dashboard).toBeDefined();
    expect([...variableNames(dashboard!)]).toEqual(expect.arrayContaining(['resource', 'collection', 'request']));
    const panels = targetsOf(RESOURCE_DASHBOARD_UID);
    const timeline = panels.find((p) => p.type === PANEL_ID && p.options?.mode === 'resource');
    expect(timeline?.targets[0]).toMatchObject({ queryType: QUERY_TYPES.resourceHistory, resource: '$resource' });
    expect(timeline?.options?.requestVariable).toBe('request');
    // Clicking a bar sets $request; a panel of the same dashboard shows that request.
    expect(
      panels.some((p) =>
        p.targets.some((t) => t.queryType === QUERY_TYPES.requestDetail && t.requestId === '$request'),
      ),
    ).toBe(true);
  });
});
