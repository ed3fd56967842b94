/** Where the API lives and the bounds of its parameters; the schemas, the engine and the plugins all read these. */

/** Every route is below this path. */
export const API_PREFIX = '/api/v1';

/** Rows per page: default and largest. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 5000;
/** Largest page number. */
export const MAX_PAGE = 1_000_000;
/** Totals stop counting here (`totalExact: false` beyond). */
export const TOTAL_CAP = 10_000;

/** Longest filter value (host, service, ids, names, the message search); real values are far shorter. */
export const MAX_VALUE_LENGTH = 512;
/** Most values one list filter (`host=a&host=b…`, an exclusion) may hold. */
export const MAX_FILTER_VALUES = 100;
/** Longest log or request id. */
export const MAX_ID_LENGTH = 200;
/** Longest cursor text. */
export const MAX_CURSOR_LENGTH = 2048;
/** Longest time parameter (ISO 8601 with nanoseconds and an offset fits). */
export const MAX_TIME_LENGTH = 40;
/** Longest level parameter. */
export const MAX_LEVEL_LENGTH = 16;

/** Range window: seconds before and after `around`, default and largest. */
export const DEFAULT_SPAN_SECONDS = 60;
export const MAX_SPAN_SECONDS = 3600;

/** Largest volume step in seconds (31 days), and most buckets one volume answer may hold. */
export const MAX_STEP_SECONDS = 31 * 86400;
export const MAX_VOLUME_BUCKETS = 10_000;

/** Most distinct values `GET /values/:field` returns. */
export const MAX_VALUES = 10_000;

/** Live tail (`GET /logs/tail`): longest wait for new logs, and the default, in seconds. */
export const MAX_TAIL_WAIT_SECONDS = 25;
export const DEFAULT_TAIL_WAIT_SECONDS = 20;
/** Where a tail without a cursor starts: the logs stored this many seconds before the call. */
export const TAIL_START_SECONDS = 60;
/** Request detail with related requests: the most related requests whose logs one answer holds. */
export const MAX_RELATED_REQUESTS = 100;
