/**
 * @jest-environment node
 */
/**
 * The shipped bundle in a real browser: `npm run build`'s dist/module.js is loaded by SystemJS + its AMD extra
 * in headless Chromium with Grafana's shared modules provided by name (tools/browser-harness). Its `plugin`
 * export must be a DataSourcePlugin whose editors render and whose datasource runs a query.
 */
import { readFileSync } from 'node:fs';
import type { DataFrame, DataQueryResponse, DataSourcePlugin } from '@grafana/data';
import { join } from 'node:path';
import { build } from 'tsup';
import { grafanaPluginConfig } from '../../../tools/plugin-build';
import { openHarness, type Harness } from '../../../tools/browser-harness/src';
import type { LogcasDataSource } from '../src/datasource';
import type { LogcasOptions, LogcasQuery, LogcasSecureJsonData } from '../src/types';

const packageDir = join(__dirname, '..');
const dist = join(packageDir, 'dist');
const ID = 'logcas-logs-datasource';
/** The datasource's instance settings as Grafana hands them over: queries go to the data proxy URL. */
const SETTINGS = {
  id: 1,
  uid: 'logcas',
  name: 'LogCAS',
  type: ID,
  url: '/api/datasources/proxy/uid/logcas',
  jsonData: { apiUrl: 'http://logcas:8080' },
  meta: {},
};

/** What the bundle exports, as the page sees it (types only: the page code is sent as text). */
type LoadedModule = { plugin: DataSourcePlugin<LogcasDataSource, LogcasQuery, LogcasOptions, LogcasSecureJsonData> };

let harness: Harness;

beforeAll(async () => {
  await build({ ...grafanaPluginConfig({ packageDir }), silent: true });
  harness = await openHarness({ plugins: { [ID]: dist } });
}, 180000);

afterAll(async () => {
  await harness?.close();
});

afterEach(() => harness.assertNoProblems());

test('dist holds one anonymous AMD module over shared modules, plugin.json with version, README, LICENSE, logo', () => {
  const code = readFileSync(join(dist, 'module.js'), 'utf8');
  const head = /^define\((\[[^\]]*\]), function/.exec(code);
  expect(head).not.toBeNull();
  expect(JSON.parse(head![1]!)).toEqual(['@grafana/data', '@grafana/runtime', '@grafana/ui', 'react', 'rxjs']);
  expect(code.match(/\bdefine\(/g)).toHaveLength(1);
  const pluginJson = JSON.parse(readFileSync(join(dist, 'plugin.json'), 'utf8'));
  expect(pluginJson.info.version).toBe(JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version);
  expect(pluginJson.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  for (const file of ['README.md', 'LICENSE', 'img/logo.svg'])
    expect(readFileSync(join(dist, file), 'utf8').length).toBeGreaterThan(10);
});

test('the plugin export is a DataSourcePlugin with a datasource class and both editors', async () => {
  const facts = await harness.page.evaluate(async (id) => {
    const { plugin } = await window.harness.load<LoadedModule>(`/plugins/${id}/module.js`);
    const data = window.harness.shared['@grafana/data'];
    return {
      isDataSourcePlugin: plugin instanceof data.DataSourcePlugin,
      hasClass: typeof plugin.DataSourceClass === 'function',
      editors: [typeof plugin.components.QueryEditor!, typeof plugin.components.ConfigEditor],
    };
  }, ID);
  expect(facts).toEqual({ isDataSourcePlugin: true, hasClass: true, editors: ['function', 'function'] });
});

test('the config editor renders the API URL and a configured token as configured', async () => {
  const text = await harness.page.evaluate(async (id) => {
    const { plugin } = await window.harness.load<LoadedModule>(`/plugins/${id}/module.js`);
    const options = {
      id: 1,
      uid: 'logcas',
      orgId: 1,
      name: 'LogCAS',
      type: id,
      access: 'proxy',
      url: '',
      jsonData: { apiUrl: 'http://logcas:8080' },
      secureJsonFields: { apiToken: true },
      readOnly: false,
    } as never;
    window.harness.render(plugin.components.ConfigEditor!, { options, onOptionsChange: () => undefined });
    const url = document.querySelector<HTMLInputElement>('#logcas-api-url')?.value;
    const token = document.querySelector<HTMLInputElement>('#logcas-api-token')?.value;
    return { body: document.querySelector('#root')?.textContent ?? '', url, token };
  }, ID);
  expect(text.body).toContain('API URL');
  expect(text.body).toContain('API token');
  expect(text.url).toBe('http://logcas:8080');
  expect(text.token).toBe('configured');
  await harness.screenshot('logcas-datasource-config');
});

test('the query editor renders and the datasource runs a query through the proxy URL', async () => {
  const result = await harness.page.evaluate(
    async ([id, settings]) => {
      const { plugin } = await window.harness.load<LoadedModule>(`/plugins/${id}/module.js`);
      const { of } = window.harness.shared.rxjs as typeof import('rxjs');
      const { dateTime } = window.harness.shared['@grafana/data'];
      const calls: string[] = [];
      window.harness.shared['@grafana/runtime'].setBackendSrv({
        fetch: (request: { url: string }) => {
          calls.push(request.url);
          const items = [
            {
              id: 'l1',
              ts: '2026-11-24T10:41:03.123Z',
              level: 40,
              levelName: 'ERROR',
              host: 'compute-1',
              service: 'nova-compute',
              logger: 'nova.compute.manager',
              pid: 1,
              message: 'Instance failed to spawn',
              traceback: null,
              requestId: 'req-1',
              globalRequestId: null,
              userId: null,
              projectId: null,
              domain: null,
              userDomain: null,
              projectDomain: null,
              userName: null,
              projectName: null,
              instance: null,
              remoteAddress: null,
              httpMethod: null,
              httpPath: null,
              httpStatus: null,
              durationMs: null,
              source: {},
              extra: null,
            },
          ];
          return of({
            data: { items, page: 1, limit: 100, total: 1, totalExact: true, nextCursor: null },
            status: 200,
            ok: true,
          });
        },
      } as never);
      window.harness.shared['@grafana/runtime'].setTemplateSrv({ replace: (t: string) => t } as never);
      const ds = new plugin.DataSourceClass(settings as never);
      window.harness.render(plugin.components.QueryEditor!, {
        datasource: ds,
        query: { refId: 'A', queryType: 'logs' },
        onChange: () => undefined,
        onRunQuery: () => undefined,
      });
      const editor = document.querySelector('#root')?.textContent ?? '';
      const range = { from: dateTime(0), to: dateTime(1), raw: { from: 'now-1h', to: 'now' } };
      const response = await new Promise<DataQueryResponse>((done, fail) =>
        ds
          .query({ targets: [{ refId: 'A', queryType: 'logs' }], range, scopedVars: {}, intervalMs: 60000 } as never)
          .subscribe({ next: done, error: fail }),
      );
      const frame = response.data[0] as DataFrame | undefined;
      return { editor, calls, type: frame?.meta?.type, body: frame?.fields.find((f) => f.name === 'body')?.values[0] };
    },
    [ID, SETTINGS] as const,
  );
  expect(result.editor).toContain('Query type');
  expect(result.editor).toContain('Request trace');
  expect(result.calls).toEqual(['/api/datasources/proxy/uid/logcas/api/api/v1/logs']);
  expect(result.type).toBe('log-lines');
  expect(result.body).toBe('Instance failed to spawn');
  await harness.screenshot('logcas-datasource-query-editor');
});

test('the query editor in use: list filters offer the API values, exclusions show, the dropdown works', async () => {
  await harness.page.evaluate(
    async ([id, settings]) => {
      const { plugin } = await window.harness.load<LoadedModule>(`/plugins/${id}/module.js`);
      const { of } = window.harness.shared.rxjs as typeof import('rxjs');
      const values: Record<string, string[]> = {
        host: ['compute-1', 'compute-2', 'compute-3', 'controller-1', 'network-1', 'storage-1'],
        service: ['cinder-volume', 'neutron-server', 'nova-api', 'nova-compute'],
        level: ['DEBUG', 'INFO', 'WARNING', 'ERROR'],
      };
      window.harness.shared['@grafana/runtime'].setBackendSrv({
        fetch: (request: { url: string }) => {
          const field = /\/values\/(\w+)$/.exec(request.url)?.[1] ?? '';
          return of({ data: { field, values: values[field] ?? [] }, status: 200, ok: true });
        },
      } as never);
      window.harness.shared['@grafana/runtime'].setTemplateSrv({
        replace: (t: string) => t,
        getVariables: () => [{ name: 'host' }, { name: 'service' }],
      } as never);
      const ds = new plugin.DataSourceClass(settings as never);
      window.harness.render(plugin.components.QueryEditor!, {
        datasource: ds,
        query: {
          refId: 'A',
          queryType: 'logs',
          minLevel: 'WARNING',
          host: ['compute-1', '$host'],
          service: 'nova-compute',
          search: 'Timeout',
          exclude: { level: ['AUDIT'], host: ['compute-3'] },
          limit: 500,
        },
        onChange: () => undefined,
        onRunQuery: () => undefined,
      });
    },
    [ID, SETTINGS] as const,
  );
  const editor = harness.page.locator('#root');
  await expect(editor.getByRole('button', { name: 'Stop excluding host compute-3' }).count()).resolves.toBe(1);
  await editor.getByRole('combobox', { name: 'Host' }).click();
  const options = harness.page.getByRole('option');
  await options.first().waitFor();
  const offered = await options.allTextContents();
  expect(offered.join(' ')).toContain('controller-1');
  expect(offered.join(' ')).toContain('$service');
  await harness.screenshot('logcas-datasource-filters');
  // The loading spinner's icon ships with Grafana itself, not with @grafana/ui, so the harness cannot serve it.
  const spinner = (p: { text: string }) => p.text.includes('/icons/unicons/spinner.svg');
  expect(harness.problems.filter((p) => !spinner(p))).toEqual([]);
  harness.clearProblems();
});
