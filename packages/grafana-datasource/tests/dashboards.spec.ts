import { expect, test } from '@grafana/plugin-e2e';

// The provisioned dashboards other than request detail (its own spec): each loads, asks the API through the
// data proxy, and shows no panel error. Links between them are checked statically by test/stack/dashboards.
const DASHBOARDS: Array<{ file: string; route: string; panel: string; params: Record<string, string> }> = [
  { file: 'logcas/overview.json', route: '/requests', panel: 'Requests', params: {} },
  { file: 'logcas/overview.json', route: '/errors', panel: 'Top errors', params: {} },
  { file: 'logcas/archive.json', route: '/requests', panel: 'Requests', params: {} },
  {
    file: 'logcas/range-window.json',
    route: '/logs',
    panel: 'Logs within',
    params: { 'var-around': String(Date.now() - 5 * 60 * 1000), 'var-span': '60' },
  },
];

for (const { file, route, panel, params } of DASHBOARDS) {
  test(`the ${file} dashboard loads its panels without errors`, async ({
    gotoDashboardPage,
    readProvisionedDashboard,
    page,
  }) => {
    const dashboard = await readProvisionedDashboard({ fileName: file });
    const answered = page.waitForResponse((response) => new URL(response.url()).pathname.endsWith(`/api/v1${route}`));
    await gotoDashboardPage({
      uid: dashboard.uid,
      queryParams: new URLSearchParams({ from: 'now-1h', to: 'now', ...params }),
    });
    expect((await answered).ok()).toBe(true);
    await expect(page.getByText(panel, { exact: false }).first()).toBeVisible();
    await expect(page.getByTestId('data-testid Panel status error')).toHaveCount(0);
  });
}
