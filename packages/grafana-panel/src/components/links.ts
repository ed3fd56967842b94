/**
 * Where the panel's clicks go: a request bar to that request, a log's range-window button to the Range
 * window dashboard. Navigation goes through Grafana's location service (history entries, Back works).
 */
import { locationUtil, urlUtil, type DataFrame, type LinkModel } from '@grafana/data';
import { getTemplateSrv, locationService } from '@grafana/runtime';
import { MAX_SPAN_SECONDS } from '@logcas/contract/constants';
import { findField, FIELD_NAMES } from '../prepare/fields';
import type { LogRef } from '../prepare';
import type { TimelineOptions } from '../types';

/** What a click on a request bar does. */
export type RequestNavigation =
  | { kind: 'variable'; variable: string; requestId: string }
  | { kind: 'link'; href: string; target?: LinkModel['target'] };

/** A URL with the given query, leaving out parameters that have no value. */
function url(path: string, query: Record<string, string | undefined>): string {
  const present = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
  return urlUtil.renderUrl(path, present);
}

/** The `var-collection` of the current dashboard, so a LogCAS dashboard over the archive opens the archive. */
function currentCollection(): string | undefined {
  const value = locationService.getSearchObject()['var-collection'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function currentTimeRange(): { from?: string; to?: string } {
  const search = locationService.getSearchObject();
  return {
    from: typeof search.from === 'string' ? search.from : undefined,
    to: typeof search.to === 'string' ? search.to : undefined,
  };
}

/** The first data link of the frame's request-id field at that row (datasource links, or the dashboard's). */
function requestIdLink(frames: readonly DataFrame[], ref: LogRef): LinkModel | undefined {
  const frame = frames[ref.frame];
  const field = frame ? findField(frame, FIELD_NAMES.requestId) : undefined;
  return field?.getLinks?.({ valueRowIndex: ref.row }).find((link) => link.href);
}

/**
 * A request bar leads, in this order: to the dashboard's own request variable when it has one (drill down in
 * place, e.g. a Request detail panel beside the list); else to the request-id field's first data link; else
 * to the Request detail dashboard.
 */
export function requestNavigation(
  requestId: string,
  ref: LogRef,
  frames: readonly DataFrame[],
  options: Pick<TimelineOptions, 'requestVariable' | 'requestDashboardUid'>,
): RequestNavigation {
  const hasVariable = getTemplateSrv()
    .getVariables()
    .some((variable) => variable.name === options.requestVariable);
  if (options.requestVariable && hasVariable) return { kind: 'variable', variable: options.requestVariable, requestId };
  const link = requestIdLink(frames, ref);
  if (link) return { kind: 'link', href: link.href, target: link.target };
  const href = url(`/d/${encodeURIComponent(options.requestDashboardUid)}`, {
    ...currentTimeRange(),
    'var-request': requestId,
    'var-collection': currentCollection(),
  });
  return { kind: 'link', href };
}

/** Follows a request navigation: a variable change or a page change, both as history entries. */
export function navigate(navigation: RequestNavigation): void {
  if (navigation.kind === 'variable') {
    locationService.partial({ [`var-${navigation.variable}`]: navigation.requestId });
    return;
  }
  if (navigation.target === '_blank' || /^https?:\/\//.test(navigation.href)) {
    window.open(navigation.href, navigation.target ?? '_self');
    return;
  }
  locationService.push(locationUtil.stripBaseFromUrl(navigation.href));
}

/**
 * The Range window dashboard at `time`: every service and host within ±span seconds of it, in the current
 * dashboard's collection.
 */
export function rangeWindowHref(
  time: number,
  spanSeconds: number,
  options: Pick<TimelineOptions, 'rangeDashboardUid'>,
): string {
  const span = Math.min(MAX_SPAN_SECONDS, Math.max(1, Math.round(spanSeconds)));
  const href = url(`/d/${encodeURIComponent(options.rangeDashboardUid)}`, {
    from: String(Math.round(time - span * 1000)),
    to: String(Math.round(time + span * 1000)),
    'var-around': String(Math.round(time)),
    'var-span': String(span),
    'var-collection': currentCollection(),
  });
  // An <a href>: with Grafana served below a sub path, the link needs that path too.
  return locationUtil.assureBaseUrl(href);
}
