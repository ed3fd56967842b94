/** What prepare() hands to the chart components: plain data, never a DataFrame. */
import type { LevelName } from '../types';

/** Where a log came from in the panel's data, so its details can be read back when it is clicked. */
export interface LogRef {
  frame: number;
  row: number;
}

/** One log, as a mark on a lane. */
export interface LogMark {
  time: number;
  level: LevelName;
  message: string;
  logger: string | null;
  service: string | null;
  host: string | null;
  ref: LogRef;
}

/** A row of marks: one service, host, or service on one host. Marks are in time order. */
export interface Lane {
  key: string;
  label: string;
  service: string | null;
  host: string | null;
  first: number;
  last: number;
  maxLevel: LevelName;
  marks: LogMark[];
}

/** The lanes of one request id; related requests (same global request id) are further groups. */
export interface LaneGroup {
  key: string;
  requestId: string | null;
  globalRequestId: string | null;
  first: number;
  last: number;
  count: number;
  maxLevel: LevelName;
  lanes: Lane[];
}

/** Request mode: groups ordered by first activity, lanes inside ordered the same way. */
export interface RequestView {
  kind: 'request';
  groups: LaneGroup[];
  from: number;
  to: number;
  count: number;
}

/** How a request ended, when the data says: `error` and `warning` bars are marked. */
export type Outcome = 'ok' | 'warning' | 'error';

/** One request as a bar from its first to its last log. */
export interface RequestBar {
  outcome?: Outcome;
  requestId: string;
  /** The row holding the request id (a table's row, or the request's first log), for its data links. */
  ref: LogRef;
  start: number;
  end: number;
  level: LevelName;
  label: string;
  count: number | null;
  services: string[];
  hosts: string[];
}

/** Requests mode: bars ordered by start. */
export interface RequestsView {
  kind: 'requests';
  bars: RequestBar[];
  from: number;
  to: number;
}

/** Resource mode: the requests that touched one resource, as bars on one axis, in time order. */
export interface ResourceView {
  kind: 'resource';
  resourceId: string;
  bars: RequestBar[];
  failed: number;
  from: number;
  to: number;
}

export type TimelineView = RequestView | RequestsView | ResourceView;

/** prepare()'s answer: a view to draw, or a sentence saying what is wrong with the data. */
export type Prepared = { ok: true; view: TimelineView } | { ok: false; warning: string };
