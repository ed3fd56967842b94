/**
 * Helpers of the e2e specs. This datasource is frontend-only: its queries go to Grafana's data proxy
 * (`/api/datasources/proxy/uid/<uid>/api/api/v1/…`), not to `/api/ds/query`, which plugin-e2e's
 * `explorePage.runQuery()` waits for; so the specs wait for the proxy call themselves.
 */
import type { ExplorePage } from '@grafana/plugin-e2e';
import type { Response } from '@playwright/test';

/** Waits for the proxied API answer of `route` (e.g. `/logs`) for datasource `uid`. */
export function proxiedApiResponse(explorePage: ExplorePage, uid: string, route: string): Promise<Response> {
  const path = `/api/datasources/proxy/uid/${uid}/api/api/v1${route}`;
  return explorePage.ctx.page.waitForResponse((response) => new URL(response.url()).pathname.startsWith(path));
}

/** Clicks Explore's Run query button and returns the proxied API answer of `route`. */
export async function runQuery(explorePage: ExplorePage, uid: string, route: string): Promise<Response> {
  const response = proxiedApiResponse(explorePage, uid, route);
  await explorePage.getByGrafanaSelector(explorePage.ctx.selectors.components.RefreshPicker.runButtonV2).click();
  return response;
}

/** Explore on the LogCAS datasource over the last `from` (a Grafana relative time such as `now-24h`). */
export async function openInExplore(explorePage: ExplorePage, datasourceName: string, from = 'now-24h'): Promise<void> {
  await explorePage.datasource.set(datasourceName);
  await explorePage.timeRange.set({ from, to: 'now' });
}
