import { expect, test } from '@grafana/plugin-e2e';
import type { LogcasOptions } from '../src/types';

test('the provisioned datasource passes Save & test', async ({
  readProvisionedDataSource,
  gotoDataSourceConfigPage,
}) => {
  const datasource = await readProvisionedDataSource<LogcasOptions>({ fileName: 'logcas.yaml', name: 'LogCAS' });
  const configPage = await gotoDataSourceConfigPage(datasource.uid);
  // A frontend datasource tests itself in the browser: /health, then one authenticated /logs, via the proxy route.
  await expect(
    configPage.saveAndTest({ path: `/api/datasources/proxy/uid/${datasource.uid}/api/api/v1/logs` }),
  ).toBeOK();
  await expect(configPage).toHaveAlert('success', { hasText: /reachable, its database is up/ });
});

test('a new datasource shows the API URL and the token field, and explains an unreachable API', async ({
  createDataSourceConfigPage,
  page,
}) => {
  const configPage = await createDataSourceConfigPage({ type: 'logcas-logs-datasource' });
  await expect(page.getByText('API URL', { exact: true })).toBeVisible();
  await expect(page.getByText('API token', { exact: true })).toBeVisible();
  await page.locator('#logcas-api-url').fill('http://127.0.0.1:9/api/v1/');
  await page.locator('#logcas-api-url').blur();
  await expect(page.locator('#logcas-api-url')).toHaveValue('http://127.0.0.1:9');
  await page.locator('#logcas-api-token').fill('not-the-token');
  // The proxy answers 502 for the closed port: wait for that /health answer, then read the alert.
  await configPage.saveAndTest({ path: '/api/api/v1/health' });
  await expect(configPage).toHaveAlert('error', { hasText: /Could not reach the LogCAS API|rejected the token/ });
  await configPage.deleteDataSource();
});
