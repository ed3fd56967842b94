/**
 * prepare(frames, options): the one pure step between Grafana's data and the chart.
 * It picks the mode, reads the frames and returns a view to draw or a readable warning — never throws.
 */
import type { DataFrame } from '@grafana/data';
import type { TimelineMode, TimelineOptions } from '../types';
import type { Prepared } from './model';
import { prepareRequest } from './request';
import { isLogsFrame, isRequestsTable, prepareRequests } from './requests';
import { isResourceHistory, prepareResource } from './resource';

export type {
  LogMark,
  LogRef,
  Lane,
  LaneGroup,
  Prepared,
  RequestBar,
  RequestsView,
  RequestView,
  ResourceView,
  TimelineView,
} from './model';
export { inFlightAt } from './requests';
export { logDetail, type LogDetail } from './detail';

/**
 * The mode `auto` resolves to: request when any frame holds logs (LogCAS's Request detail answers a logs frame
 * plus a table of the related requests), resource for a resource history, else requests when a frame is a
 * requests table.
 */
export function resolveMode(frames: readonly DataFrame[], mode: TimelineMode): 'request' | 'requests' | 'resource' {
  if (mode !== 'auto') return mode;
  if (frames.some((f) => f.length > 0 && isLogsFrame(f))) return 'request';
  if (frames.some((f) => f.length > 0 && isResourceHistory(f))) return 'resource';
  return frames.some((f) => f.length > 0 && isRequestsTable(f)) ? 'requests' : 'request';
}

/** Frames → lanes (request mode) or bars (requests mode), or a warning naming what is missing. */
export function prepare(
  frames: DataFrame[] | undefined,
  options: Pick<TimelineOptions, 'mode' | 'laneGrouping'>,
): Prepared {
  // Malformed entries become empty frames (not dropped) so row references keep the series' indices.
  const usable = (Array.isArray(frames) ? frames : []).map((f): DataFrame =>
    f && Array.isArray(f.fields) ? f : { fields: [], length: 0 },
  );
  if (usable.every((f) => f.length === 0 || f.fields.length === 0)) {
    // A datasource that says why it has nothing (LogCAS's Request detail before a request is chosen) is heard.
    const notices = usable.flatMap((f) => f.meta?.notices ?? []).map((n) => n.text);
    if (notices.length > 0) return { ok: false, warning: [...new Set(notices)].join(' ') };
    return { ok: false, warning: 'No data: the query returned no logs or requests.' };
  }
  try {
    const mode = resolveMode(usable, options.mode);
    if (mode === 'resource') return prepareResource(usable);
    return mode === 'requests' ? prepareRequests(usable) : prepareRequest(usable, options.laneGrouping);
  } catch (error) {
    // Frames from other datasources can hold anything; a bad value must give a message, not a blank panel.
    return { ok: false, warning: `Cannot read the data: ${error instanceof Error ? error.message : String(error)}` };
  }
}
