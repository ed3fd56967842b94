import { expect, test } from '@grafana/plugin-e2e';
import type { LogcasOptions } from '../src/types';

test('the request detail dashboard shows the logs and trace of one request', async ({
  gotoDashboardPage,
  readProvisionedDashboard,
  readProvisionedDataSource,
  page,
  request,
}) => {
  const datasource = await readProvisionedDataSource<LogcasOptions>({ fileName: 'logcas.yaml', name: 'LogCAS' });
  const dashboard = await readProvisionedDashboard({ fileName: 'logcas/request-detail.json' });
  // A recent user request, asked of the API through Grafana's data proxy route as the plugin does.
  const response = await request.get(`/api/datasources/proxy/uid/${datasource.uid}/api/api/v1/requests`, {
    params: { from: Date.now() - 24 * 3600 * 1000, to: Date.now(), limit: 1, order: 'desc' },
  });
  expect(response.ok()).toBe(true);
  const { items } = (await response.json()) as { items: Array<{ requestId: string }> };
  expect(items.length).toBeGreaterThan(0);
  const requestId = items[0]!.requestId;

  const detail = page.waitForResponse((r) => r.url().includes(`/api/api/v1/requests/${requestId}`));
  await gotoDashboardPage({
    uid: dashboard.uid,
    queryParams: new URLSearchParams({ 'var-request': requestId, from: 'now-24h', to: 'now' }),
  });
  expect((await detail).ok()).toBe(true);
  await expect(page.getByText(`Logs of ${requestId}`)).toBeVisible();
  await expect(page.getByTestId('data-testid Panel status error')).toHaveCount(0);
});

test('the request detail dashboard opened with an empty Request box shows failed requests and no errors', async ({
  gotoDashboardPage,
  readProvisionedDashboard,
  page,
}) => {
  const dashboard = await readProvisionedDashboard({ fileName: 'logcas/request-detail.json' });
  await gotoDashboardPage({ uid: dashboard.uid, queryParams: new URLSearchParams({ from: 'now-24h', to: 'now' }) });
  await expect(page.getByText('Failed requests in the time range')).toBeVisible();
  await expect(page.getByText(/No request chosen/).first()).toBeVisible();
  await expect(page.getByTestId('data-testid Panel status error')).toHaveCount(0);
});
