/** Panel options of the LogCAS timeline, with their defaults. module.ts turns these into the editor. */
import { DEFAULT_SPAN_SECONDS, LEVEL_NAMES as LOGCAS_LEVEL_NAMES } from '@logcas/contract/constants';

/**
 * Which picture the panel draws. `auto` chooses from the shape of the data: logs → request, a resource
 * history (LogCAS's Resource history query) → resource, start/end columns → requests.
 */
export const TIMELINE_MODES = ['auto', 'request', 'requests', 'resource'] as const;
export type TimelineMode = (typeof TIMELINE_MODES)[number];

/**
 * How logs are split into lanes in request mode. `auto`: one lane per service, split by host only when
 * that service logged from several hosts — what an operator reading one request wants to see.
 */
export const LANE_GROUPINGS = ['auto', 'service', 'host', 'serviceHost'] as const;
export type LaneGrouping = (typeof LANE_GROUPINGS)[number];

/** Level names the panel colours, lowest first; UNKNOWN is for logs whose level could not be read. */
export const LEVEL_NAMES = [...LOGCAS_LEVEL_NAMES, 'UNKNOWN'] as const;
export type LevelName = (typeof LEVEL_NAMES)[number];

/** A Grafana colour name (`red`, `semi-dark-green`…) or any CSS colour, per level. */
export type LevelColors = Record<LevelName, string>;

export interface TimelineOptions {
  /** What to draw: one request's logs per service lane, many requests as bars, or choose from the data. */
  mode: TimelineMode;
  /** How request mode splits logs into lanes: by service, host, both, or service split by host when needed. */
  laneGrouping: LaneGrouping;
  /** Colour of each level's marks and bars; Grafana colour names follow the theme (light and dark). */
  levelColors: LevelColors;
  /** Draw INFO and AUDIT marks; when off, lanes keep their span but only show the other levels. */
  showInfo: boolean;
  /** Draw DEBUG and TRACE marks. */
  showDebug: boolean;
  /** Above this many visible marks, each lane is drawn as a density strip (count per pixel column) instead. */
  maxMarks: number;
  /**
   * Dashboard variable set to the request id when a request bar is clicked (requests mode), without `var-`.
   * Used when the dashboard has it; otherwise a click follows the request id's data link, or opens the
   * Request detail dashboard.
   */
  requestVariable: string;
  /** uid of the dashboard a request bar opens when neither the variable nor a data link applies. */
  requestDashboardUid: string;
  /** uid of the dashboard the range-window button of a log's details opens. */
  rangeDashboardUid: string;
  /** Half-width in seconds of the range window linked from a log's details (1 to MAX_SPAN_SECONDS). */
  rangeSpanSeconds: number;
}

const DEFAULT_LEVEL_COLORS: LevelColors = {
  TRACE: 'light-blue',
  DEBUG: 'blue',
  INFO: 'green',
  AUDIT: 'semi-dark-green',
  WARNING: 'yellow',
  ERROR: 'red',
  CRITICAL: 'purple',
  UNKNOWN: 'text',
};

export const DEFAULT_OPTIONS: TimelineOptions = {
  mode: 'auto',
  laneGrouping: 'auto',
  levelColors: DEFAULT_LEVEL_COLORS,
  showInfo: true,
  showDebug: true,
  maxMarks: 5000,
  requestVariable: 'request',
  requestDashboardUid: 'logcas-request',
  rangeDashboardUid: 'logcas-range',
  rangeSpanSeconds: DEFAULT_SPAN_SECONDS,
};

/** Fills options missing from a saved panel (older versions, hand-written JSON) with the defaults. */
export function withDefaults(options: Partial<TimelineOptions> | undefined): TimelineOptions {
  const given = options ?? {};
  return {
    ...DEFAULT_OPTIONS,
    ...given,
    levelColors: { ...DEFAULT_LEVEL_COLORS, ...(given.levelColors ?? {}) },
  };
}
