/** Navigation from the panel: the range window link and the request drill-down (both through Grafana's URL). */
import { urlUtil } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { MAX_SPAN_SECONDS } from '@logcas/contract/constants';

/**
 * URL of the current dashboard with its time range set to time ± span seconds: the range window (docs/http-api.md),
 * shown by whatever logs panels the dashboard has.
 */
export function rangeWindowHref(time: number, spanSeconds: number): string {
  const span = Math.min(MAX_SPAN_SECONDS, Math.max(1, spanSeconds)) * 1000;
  const location = locationService.getLocation();
  const search = {
    ...locationService.getSearchObject(),
    from: String(Math.round(time - span)),
    to: String(Math.round(time + span)),
  };
  return urlUtil.renderUrl(location.pathname, search);
}

/**
 * Drill into a request: sets the dashboard variable `var-<variable>` to its id (a history entry, so Back
 * returns to the list). A "Request detail" panel using `$<variable>` then shows it.
 */
export function drillIntoRequest(variable: string, requestId: string): void {
  locationService.partial({ [`var-${variable}`]: requestId });
}
