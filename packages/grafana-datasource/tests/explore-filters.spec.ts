import { expect, test } from '@grafana/plugin-e2e';
import type { LogcasOptions } from '../src/types';
import { openInExplore, proxiedApiResponse, runQuery } from './support';

test('Log details filter for / filter out a label value narrow the next query', async ({
  explorePage,
  readProvisionedDataSource,
  page,
}) => {
  const datasource = await readProvisionedDataSource<LogcasOptions>({ fileName: 'logcas.yaml', name: 'LogCAS' });
  await openInExplore(explorePage, datasource.name);
  const first = await runQuery(explorePage, datasource.uid, '/logs');
  const { items } = (await first.json()) as { items: Array<{ message: string; host: string; service: string }> };
  expect(items.length).toBeGreaterThan(0);
  const log = items[0]!;

  // Open the first row's details: the host and service labels carry the filter buttons.
  await page.getByText(log.message.slice(0, 40)).first().click();
  const hostRow = page.getByRole('row').filter({ hasText: 'host' }).filter({ hasText: log.host }).first();
  const narrowed = proxiedApiResponse(explorePage, datasource.uid, '/logs');
  await hostRow.getByRole('button', { name: /filter for value/i }).click();
  const forHost = new URL((await narrowed).url());
  expect(forHost.searchParams.getAll('host')).toEqual([log.host]);

  await page.getByText(log.message.slice(0, 40)).first().click();
  const serviceRow = page.getByRole('row').filter({ hasText: 'service' }).filter({ hasText: log.service }).first();
  const excluded = proxiedApiResponse(explorePage, datasource.uid, '/logs');
  await serviceRow.getByRole('button', { name: /filter out value/i }).click();
  const outService = new URL((await excluded).url());
  expect(outService.searchParams.getAll('excludeService')).toEqual([log.service]);
  // The editor shows the exclusion, removable.
  await expect(page.getByRole('button', { name: `Stop excluding service ${log.service}` })).toBeVisible();
  await expect(page.getByTestId('data-testid Panel status error')).toHaveCount(0);
});
