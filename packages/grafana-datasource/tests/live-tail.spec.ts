import { expect, test } from '@grafana/plugin-e2e';
import type { LogcasOptions } from '../src/types';
import { openInExplore, proxiedApiResponse, runQuery } from './support';

test("Explore's live mode follows the logs: tail calls, each continuing from the last cursor", async ({
  explorePage,
  readProvisionedDataSource,
  page,
}) => {
  const datasource = await readProvisionedDataSource<LogcasOptions>({ fileName: 'logcas.yaml', name: 'LogCAS' });
  await openInExplore(explorePage, datasource.name, 'now-15m');
  await runQuery(explorePage, datasource.uid, '/logs');

  const first = proxiedApiResponse(explorePage, datasource.uid, '/logs/tail');
  await page.getByRole('button', { name: /^live$/i }).click();
  const opened = await first;
  expect(opened.ok()).toBe(true);
  const { cursor } = (await opened.json()) as { cursor: string };
  // The demo feeder writes logs every few seconds: the next call carries the cursor and brings them.
  const next = await proxiedApiResponse(explorePage, datasource.uid, '/logs/tail');
  expect(new URL(next.url()).searchParams.get('cursor')).toBe(cursor);
  expect(next.ok()).toBe(true);
  await expect(page.getByTestId('data-testid Panel status error')).toHaveCount(0);
});

test('the Follow switch of a Logs query starts a live tail without panel errors', async ({
  explorePage,
  readProvisionedDataSource,
  page,
}) => {
  const datasource = await readProvisionedDataSource<LogcasOptions>({ fileName: 'logcas.yaml', name: 'LogCAS' });
  await openInExplore(explorePage, datasource.name, 'now-15m');
  const row = explorePage.getQueryEditorRow('A');
  const tail = proxiedApiResponse(explorePage, datasource.uid, '/logs/tail');
  await row.getByLabel('Follow new logs').click();
  expect((await tail).ok()).toBe(true);
  await expect(page.getByTestId('data-testid Panel status error')).toHaveCount(0);
});
