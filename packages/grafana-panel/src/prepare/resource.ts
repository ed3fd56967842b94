/** Frames → resource mode: a resource's requests (LogCAS's Resource history) as bars on one axis. */
import type { DataFrame } from '@grafana/data';
import { FIELD_NAMES, findField, roleReader, text } from './fields';
import type { Outcome, Prepared, RequestBar } from './model';
import { isRequestsTable, prepareRequests } from './requests';

/** What the LogCAS datasource puts in `meta.custom.logcasView` of a resource history. */
const RESOURCE_HISTORY_VIEW = 'resourceHistory';

/** True for a resource history: marked so by the datasource, or a requests table with an outcome column. */
export function isResourceHistory(frame: DataFrame): boolean {
  const custom = frame.meta?.custom as { logcasView?: unknown } | undefined;
  if (custom?.logcasView === RESOURCE_HISTORY_VIEW) return true;
  return isRequestsTable(frame) && Boolean(findField(frame, FIELD_NAMES.outcome));
}

function readOutcome(value: unknown): Outcome {
  const word = text(value)?.toLowerCase();
  return word === 'error' || word === 'warning' ? word : 'ok';
}

/** The history's requests with their outcome and operation as label, in time order. */
export function prepareResource(frames: DataFrame[]): Prepared {
  const frame = frames.find((f) => f.length > 0 && isResourceHistory(f));
  if (!frame) return { ok: false, warning: 'No resource history: the query returned no requests for this resource.' };
  const requests = prepareRequests([frame]);
  if (!requests.ok) return requests;
  const outcome = roleReader(frame, 'outcome');
  const operation = roleReader(frame, 'operation');
  const ids = roleReader(frame, 'requestId');
  // prepareRequests sorted its bars; match them back to their rows by request id.
  const rowOf = new Map<string, number>();
  for (let row = 0; row < frame.length; row++) {
    const id = ids ? text(ids(row)) : null;
    if (id) rowOf.set(id, row);
  }
  const bars: RequestBar[] = requests.view.kind === 'requests' ? requests.view.bars : [];
  for (const bar of bars) {
    const row = rowOf.get(bar.requestId);
    if (row === undefined) continue;
    bar.outcome = readOutcome(outcome?.(row));
    const op = operation ? text(operation(row)) : null;
    if (op) bar.label = op;
  }
  const custom = frame.meta?.custom as { resourceId?: unknown } | undefined;
  const resourceId = typeof custom?.resourceId === 'string' ? custom.resourceId : (frame.name ?? 'resource');
  const failed = bars.filter((bar) => bar.outcome === 'error').length;
  const from = bars[0]?.start ?? 0;
  const to = bars.reduce((max, bar) => Math.max(max, bar.end), from);
  return { ok: true, view: { kind: 'resource', resourceId, bars, failed, from, to } };
}
