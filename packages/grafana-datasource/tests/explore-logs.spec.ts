import { expect, test } from '@grafana/plugin-e2e';
import type { LogcasOptions } from '../src/types';
import { openInExplore, runQuery } from './support';

test('Explore shows LogCAS logs in the Logs view', async ({ explorePage, readProvisionedDataSource, page }) => {
  const datasource = await readProvisionedDataSource<LogcasOptions>({ fileName: 'logcas.yaml', name: 'LogCAS' });
  await openInExplore(explorePage, datasource.name);
  const row = explorePage.getQueryEditorRow('A');
  await expect(row.getByRole('radio', { name: 'Logs', exact: true })).toBeChecked();
  const response = await runQuery(explorePage, datasource.uid, '/logs');
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as { items: Array<{ message: string }> };
  expect(body.items.length).toBeGreaterThan(0);
  // The Logs view renders the first message the API returned.
  await expect(page.getByText(body.items[0]!.message.slice(0, 40)).first()).toBeVisible();
  await expect(page.getByTestId('data-testid Panel status error')).toHaveCount(0);
});

test('Explore shows a request trace for a request id', async ({ explorePage, readProvisionedDataSource, page }) => {
  const datasource = await readProvisionedDataSource<LogcasOptions>({ fileName: 'logcas.yaml', name: 'LogCAS' });
  await openInExplore(explorePage, datasource.name);
  const row = explorePage.getQueryEditorRow('A');
  await row.getByRole('radio', { name: 'Requests', exact: true }).click();
  const requests = await runQuery(explorePage, datasource.uid, '/requests');
  const { items } = (await requests.json()) as { items: Array<{ requestId: string }> };
  expect(items.length).toBeGreaterThan(0);
  const requestId = items[0]!.requestId;

  await row.getByRole('radio', { name: 'Request trace', exact: true }).click();
  await row.getByLabel('Request id').fill(requestId);
  const detail = await runQuery(explorePage, datasource.uid, `/requests/${requestId}`);
  expect(detail.ok()).toBe(true);
  await expect(page.getByText(requestId).first()).toBeVisible();
});
