/**
 * `GET /values/:field`: distinct values in a time range, for dashboard variables. Host, service and level come
 * from the small minute rollup (live) or the logs (archive, which has no rollup); project and user come from
 * the request summaries, which are far fewer than logs.
 */
import {
  levelName,
  MAX_VALUES,
  VALUES_FIELDS,
  type ValuesField,
  type ValuesParams,
  type ValuesResponse,
} from '@logcas/contract';
import { ValidationError } from '../errors';
import { COLLECTIONS, logsCollection, requestsCollection } from '../store/collections';
import type { Store } from '../store/connection';
import { readCollection } from './inputs';
import { distinctValues, type MongoFilter, type QueryShape } from '../store/find';
import { maxRequestDuration, overlapFilter } from '../store/requests';
import { readTimeRange } from './time';

/** Default range when `from` is missing: the last 24 hours before `to`. */
const DEFAULT_VALUES_WINDOW_MS = 86_400_000;

export interface ValuesPlan {
  collection: string;
  field: string;
  filter: MongoFilter;
  shape: QueryShape;
}

export function buildValuesPlan(
  field: ValuesField,
  params: ValuesParams,
  maxDurationMs = 0,
  now: Date = new Date(),
): ValuesPlan {
  if (!(VALUES_FIELDS as readonly string[]).includes(field)) {
    throw new ValidationError(`field must be one of ${VALUES_FIELDS.join(', ')}`, 'field');
  }
  const range = readTimeRange({ from: params.from, to: params.to });
  const to = range.to ?? now;
  const from = range.from ?? new Date(to.getTime() - DEFAULT_VALUES_WINDOW_MS);
  if (from.getTime() > to.getTime()) throw new ValidationError('from must not be after to', 'from');
  const set = readCollection(params.collection);
  const plan = (collection: string, stored: string, timeField: string, filter: MongoFilter): ValuesPlan => ({
    collection,
    field: stored,
    filter,
    shape: { collection, equality: [], sort: [], range: [timeField], residual: [] },
  });
  if (field === 'project' || field === 'user') {
    // Requests overlapping the range, by the request list's own overlap filter.
    const collection = requestsCollection(set);
    return plan(
      collection,
      field === 'project' ? 'projectId' : 'userId',
      'start',
      overlapFilter({ from, to }, maxDurationMs),
    );
  }
  if (set === 'live') {
    const minute = new Date(Math.floor(from.getTime() / 60000) * 60000);
    return plan(COLLECTIONS.volume, field, 'minute', { minute: { $gte: minute, $lte: to } });
  }
  return plan(logsCollection(set), field, 'ts', { ts: { $gte: from, $lte: to } });
}

export async function queryValues(
  store: Store,
  field: ValuesField,
  params: ValuesParams = {},
  now?: Date,
): Promise<ValuesResponse> {
  const needsRequests = field === 'project' || field === 'user';
  const set = readCollection(params.collection);
  const plan = buildValuesPlan(field, params, needsRequests ? await maxRequestDuration(store, set) : 0, now);
  const raw = await distinctValues(store, plan.collection, plan.field, plan.filter);
  if (field === 'level') {
    const present = new Set(raw.filter((v): v is number => typeof v === 'number'));
    const levels = [...present].sort((a, b) => a - b);
    return { field, values: [...new Set(levels.map((n) => levelName(n)))] };
  }
  const values = raw.filter((v): v is string => typeof v === 'string' && v.length > 0).sort();
  return { field, values: values.slice(0, MAX_VALUES) };
}
