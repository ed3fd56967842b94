/** plugin.json is what Grafana reads before any code runs: check it the way Grafana's plugin validator would. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const plugin = JSON.parse(readFileSync(join(root, 'src', 'plugin.json'), 'utf8'));

/** `>=X.Y.Z` with an optional `<A.B.C` upper bound: the range forms Grafana's catalogue accepts. */
const RANGE = /^>=(\d+)\.(\d+)\.(\d+)(?:\s+<\d+\.\d+\.\d+)?$/;

describe('src/plugin.json', () => {
  test('has the keys Grafana requires', () => {
    for (const key of ['type', 'name', 'id', 'info', 'dependencies']) expect(plugin).toHaveProperty(key);
    for (const key of ['description', 'author', 'logos', 'version', 'updated']) expect(plugin.info).toHaveProperty(key);
    expect(plugin.type).toBe('datasource');
  });

  test('the id follows <org>-<name>-<type>', () => {
    expect(plugin.id).toBe('logcas-logs-datasource');
    expect(plugin.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*-datasource$/);
  });

  test('declares metrics, logs and annotations, and no alerting (that needs a backend plugin)', () => {
    expect(plugin).toMatchObject({ metrics: true, logs: true, annotations: true });
    expect(plugin.alerting).toBeUndefined();
    expect(plugin.backend).toBeUndefined();
  });

  test('grafanaDependency is a valid range that admits Grafana 12.3.0', () => {
    const match = RANGE.exec(plugin.dependencies.grafanaDependency);
    expect(match).not.toBeNull();
    const [major, minor, patch] = match!.slice(1, 4).map(Number) as [number, number, number];
    expect([major, minor, patch]).toEqual([12, 3, 0]);
  });

  test('version and date are filled at build time', () => {
    expect(plugin.info.version).toBe('%VERSION%');
    expect(plugin.info.updated).toBe('%TODAY%');
  });

  test('the logo files exist', () => {
    for (const logo of [plugin.info.logos.small, plugin.info.logos.large]) {
      expect(logo).toMatch(/^img\/.+\.svg$/);
      expect(existsSync(join(root, logo))).toBe(true);
      expect(readFileSync(join(root, logo), 'utf8')).toContain('<svg');
    }
  });

  test('one proxy route forwards reads (GET only, any signed-in user) with the secret token as a Bearer header', () => {
    expect(plugin.routes).toEqual([
      {
        path: 'api',
        method: 'GET',
        reqRole: 'Viewer',
        url: '{{ .JsonData.apiUrl }}',
        headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.apiToken }}' }],
      },
    ]);
  });

  test('no route forwards a write: Grafana matches a route by method, so POST /ingest or /archive gets no token', () => {
    // Grafana's data proxy picks the first route whose method (empty or * = any) and path prefix match.
    const routesFor = (method: string) =>
      plugin.routes.filter(
        (route: { method?: string }) => !route.method || route.method === '*' || route.method === method,
      );
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(routesFor(method)).toEqual([]);
  });
});
