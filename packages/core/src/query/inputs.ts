/**
 * Typed query inputs: the contract's parameters (strings as the API or a library caller gives them) are
 * checked here once, so every builder works on validated values. Each failure names its parameter.
 */
import {
  DEFAULT_LIMIT,
  LEVEL_NAMES,
  MAX_FILTER_VALUES,
  MAX_LEVEL_NUMBER,
  MAX_LIMIT,
  MAX_PAGE,
  MAX_VALUE_LENGTH,
  parseLevel,
  type CollectionName,
  type ListParams,
  type SortOrder,
} from '@logcas/contract';
import { ValidationError } from '../errors';
import type { DataSet } from '../store/collections';

export interface Paging {
  set: DataSet;
  limit: number;
  page: number;
  cursor: string | undefined;
  order: SortOrder;
}

/** An integer parameter within [min, max] (digits in a string are read as one). */
export function integerIn(value: unknown, parameter: string, min: number, max: number): number {
  const n = typeof value === 'string' && /^\d{1,10}$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new ValidationError(`${parameter} must be an integer from ${min} to ${max}`, parameter);
  }
  return n;
}

export function readCollection(value: CollectionName | undefined): DataSet {
  if (value === undefined || value === 'live') return 'live';
  if (value === 'archive') return 'archive';
  throw new ValidationError('collection must be live or archive', 'collection');
}

export function readPaging(params: ListParams): Paging {
  const limit = params.limit === undefined ? DEFAULT_LIMIT : integerIn(params.limit, 'limit', 1, MAX_LIMIT);
  const page = params.page === undefined ? 1 : integerIn(params.page, 'page', 1, MAX_PAGE);
  if (params.cursor !== undefined && params.page !== undefined) {
    throw new ValidationError('page and cursor can not be combined; a cursor already knows its page', 'page');
  }
  if (params.cursor !== undefined && (typeof params.cursor !== 'string' || params.cursor.length === 0)) {
    throw new ValidationError('cursor must be the nextCursor of a previous page', 'cursor');
  }
  const order = params.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw new ValidationError('order must be asc or desc', 'order');
  return { set: readCollection(params.collection), limit, page, cursor: params.cursor, order };
}

/** A level given as a name (any case, WARN/FATAL aliases) or number. */
export function readLevel(value: string | number | undefined, parameter: string): number | undefined {
  if (value === undefined) return undefined;
  const level = typeof value === 'string' || typeof value === 'number' ? parseLevel(value) : undefined;
  if (level === undefined) {
    throw new ValidationError(
      `${parameter} must be a level name (${LEVEL_NAMES.join(', ')}) or a number 0-${MAX_LEVEL_NUMBER}`,
      parameter,
    );
  }
  return level;
}

/**
 * A filter value. Only a non-empty string passes, so an object such as `{ "$ne": "" }` from a library
 * caller can never become an operator; the API's schemas already allow strings only.
 */
export function readValue(value: unknown, parameter: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_VALUE_LENGTH) {
    throw new ValidationError(`${parameter} must be a text of 1 to ${MAX_VALUE_LENGTH} characters`, parameter);
  }
  return value;
}

/**
 * A list filter: one value or several (a repeated parameter), each a literal text; duplicates dropped.
 * Undefined when absent.
 */
export function readValues(value: unknown, parameter: string): string[] | undefined {
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0 || values.length > MAX_FILTER_VALUES) {
    throw new ValidationError(`${parameter} takes 1 to ${MAX_FILTER_VALUES} values`, parameter);
  }
  return [...new Set(values.map((v) => readValue(v, parameter) as string))];
}

/** Levels given as a list of names or numbers (any case, aliases), as level numbers. */
export function readLevels(value: unknown, parameter: string): number[] | undefined {
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0 || values.length > MAX_FILTER_VALUES) {
    throw new ValidationError(`${parameter} takes 1 to ${MAX_FILTER_VALUES} levels`, parameter);
  }
  return [...new Set(values.map((v) => readLevel(v as string | number, parameter) as number))];
}

/** `{ field: value }` for one value, `{ $in: values }` for several: both served by an index on the field. */
export function anyOf<T>(values: readonly T[]): T | { $in: T[] } {
  return values.length === 1 ? (values[0] as T) : { $in: [...values] };
}

export function readBoolean(value: unknown, parameter: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === true || value === 'true' || value === '1') return true;
  if (value === false || value === 'false' || value === '0') return false;
  throw new ValidationError(`${parameter} must be true or false`, parameter);
}

const UUID = /^(?:req-)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * A request id as people paste it: `req-<uuid>`, a bare uuid, any case, spaces around → `req-<lowercase uuid>`.
 * Any other id (a non-oslo producer's) is matched exactly as given, whatever its characters: it is only ever
 * compared by equality, so an unknown one simply matches nothing.
 */
export function normalizeRequestId(value: unknown, parameter: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_VALUE_LENGTH) {
    throw new ValidationError(`${parameter} must be a request id such as req-<uuid> or a bare uuid`, parameter);
  }
  const uuid = UUID.exec(value.trim());
  return uuid ? `req-${(uuid[1] as string).toLowerCase()}` : value;
}

/** Escapes every regex metacharacter so `q` is matched as a literal substring. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
}
