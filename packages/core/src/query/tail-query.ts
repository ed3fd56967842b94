/**
 * Live tail (`GET /logs/tail`): the logs stored after a cursor, in the order they were stored. Pure builders.
 *
 * The order is (`ingestedAt`, `_id`): a batch's logs share the time it was stored. A batch becomes visible
 * only once its insert has finished, a moment after that time; so a tail reads only up to `settledUntil`
 * (now minus a settle margin longer than an insert takes). What it returned, and what it skipped because it
 * did not match, never needs reading again: the cursor moves past both, so a reconnect with the last cursor
 * gives no log twice and skips none.
 */
import {
  DEFAULT_TAIL_WAIT_SECONDS,
  MAX_LIMIT,
  MAX_TAIL_WAIT_SECONDS,
  TAIL_START_SECONDS,
  type TailParams,
} from '@logcas/contract';
import { ValidationError } from '../errors';
import { COLLECTIONS } from '../store/collections';
import type { FindPlan, MongoFilter, SortSpec } from '../store/find';
import { decodeCursor, encodeCursor, keysetFilter } from './cursor';
import { escapeRegex, integerIn, readCollection, readValue } from './inputs';
import { buildMatchFilter, equalityFields, exclusionOnlyFields, readLogMatch, type LogMatch } from './log-match';

const TAIL_SORT: SortSpec = [
  ['ingestedAt', 1],
  ['_id', 1],
];
const CURSOR_KIND = 'tail';
const DEFAULT_TAIL_LIMIT = 500;
/** Greater than any log id: a position after every log stored at one instant. */
const AFTER_ALL_IDS = '\uffff';

/** A position in the stored order. */
export interface TailPosition {
  at: Date;
  id: string;
}

export interface TailQuery extends LogMatch {
  q: string | undefined;
  limit: number;
  waitMs: number;
  after: TailPosition;
}

/** The cursor of a tail position, signed with the server's cursor key like every cursor (query/cursor.ts). */
export function encodeTailCursor(position: TailPosition, key: Buffer): string {
  return encodeCursor(
    {
      sort: CURSOR_KIND,
      keys: [position.at.getTime(), position.id],
      page: 1,
      total: 0,
      totalExact: true,
    },
    key,
  );
}

function decodeTailCursor(text: string, key: Buffer): TailPosition {
  const [at, id] = decodeCursor(text, CURSOR_KIND, 2, key).keys;
  if (typeof at !== 'number' || typeof id !== 'string') {
    throw new ValidationError('cursor is not a tail cursor; use the cursor of the previous answer', 'cursor');
  }
  return { at: new Date(at), id };
}

export function readTailQuery(params: TailParams, now: Date, cursorKey: Buffer): TailQuery {
  if (readCollection(params.collection) !== 'live') {
    throw new ValidationError(
      'collection: the tail follows the live logs; the archive is filled by archive runs, not as logs arrive',
      'collection',
    );
  }
  return {
    ...readLogMatch(params),
    q: readValue(params.q, 'q'),
    limit: params.limit === undefined ? DEFAULT_TAIL_LIMIT : integerIn(params.limit, 'limit', 1, MAX_LIMIT),
    waitMs:
      1000 *
      (params.wait === undefined
        ? DEFAULT_TAIL_WAIT_SECONDS
        : integerIn(params.wait, 'wait', 0, MAX_TAIL_WAIT_SECONDS)),
    after:
      params.cursor === undefined
        ? { at: new Date(now.getTime() - TAIL_START_SECONDS * 1000), id: '' }
        : decodeTailCursor(params.cursor, cursorKey),
  };
}

/** The logs after the query's position and stored no later than `settledUntil`, in stored order. */
export function buildTailFind(query: TailQuery, settledUntil: Date): FindPlan {
  const filter: MongoFilter = buildMatchFilter(query);
  if (query.q !== undefined) filter.message = { $regex: escapeRegex(query.q), $options: 'i' };
  filter.ingestedAt = { $gte: query.after.at, $lte: settledUntil };
  Object.assign(filter, keysetFilter(TAIL_SORT, [query.after.at.getTime(), query.after.id], new Set(['ingestedAt'])));
  const levelFiltered = query.minLevel > 0 || query.levels !== undefined || 'level' in query.excludes;
  return {
    collection: COLLECTIONS.logs,
    filter,
    sort: TAIL_SORT,
    skip: 0,
    limit: query.limit,
    shape: {
      collection: COLLECTIONS.logs,
      equality: equalityFields(query),
      sort: TAIL_SORT,
      range: ['ingestedAt', ...(levelFiltered ? ['level'] : [])],
      residual: [...exclusionOnlyFields(query), ...(query.q !== undefined ? ['message'] : [])],
    },
  };
}

/**
 * Where the next call continues: after the last log returned; or, when none matched, after everything read
 * up to `settledUntil` (so a filter that matches rarely does not read the same logs again and again).
 */
export function nextTailPosition(query: TailQuery, last: TailPosition | undefined, settledUntil: Date): TailPosition {
  if (last) return last;
  return settledUntil.getTime() > query.after.at.getTime() ? { at: settledUntil, id: AFTER_ALL_IDS } : query.after;
}
