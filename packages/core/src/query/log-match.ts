/**
 * What a log must match apart from time and text: its level, the values of its filter fields (any of them)
 * and the values it must not have. `GET /logs`, `GET /volume` and `GET /logs/tail` read the same
 * parameters here. Pure: parameters in, MongoDB conditions out.
 *
 *   host=a&host=b            → host: { $in: ['a', 'b'] }   (one value: host: 'a' — both use an index on host)
 *   excludeService=nova-api  → service: { $nin: ['nova-api'] }   (checked on the rows the index found)
 *   minLevel=WARNING&level=ERROR&excludeLevel=DEBUG → level: { $gte: 30, $in: [40], $nin: [10] }
 */
import { EXCLUSION_PARAMS, LEVELS, type ExcludableFilter, type ExclusionParam } from '@logcas/contract';
import { ValidationError } from '../errors';
import { anyOf, normalizeRequestId, readLevel, readLevels, readValues } from './inputs';
import type { MongoFilter } from '../store/find';

/** API filter → stored field. */
const STORED_FIELD: Readonly<Record<ExcludableFilter | 'requestId' | 'globalRequestId', string>> = {
  host: 'host',
  service: 'service',
  level: 'level',
  project: 'projectId',
  user: 'userId',
  instance: 'instance',
  requestId: 'requestId',
  globalRequestId: 'globalRequestId',
};

const LIST_PARAMS = ['host', 'service', 'project', 'user'] as const;
const ONE_VALUE_PARAMS = ['requestId', 'globalRequestId', 'instance'] as const;

/** The match parameters as the contract types them (a list filter may be given as one value). */
export type LogMatchParams = { minLevel?: string | number; level?: unknown } & {
  [K in (typeof LIST_PARAMS)[number] | (typeof ONE_VALUE_PARAMS)[number] | ExclusionParam]?: unknown;
};

export interface LogMatch {
  minLevel: number;
  /** Exact levels (any of). */
  levels: number[] | undefined;
  /** Stored field → values it must equal (any of). */
  equals: Record<string, string[]>;
  /** Stored field → values it must not have. */
  excludes: Record<string, Array<string | number>>;
}

export function readLogMatch(params: LogMatchParams): LogMatch {
  const equals: Record<string, string[]> = {};
  for (const param of LIST_PARAMS) {
    const values = readValues(params[param], param);
    if (values) equals[STORED_FIELD[param]] = values;
  }
  for (const param of ONE_VALUE_PARAMS) {
    const raw = params[param];
    if (raw === undefined) continue;
    const value = param === 'instance' ? readValues(raw, param) : [normalizeRequestId(raw, param)];
    if (value && value.length > 1) throw new ValidationError(`${param} takes one value`, param);
    if (value) equals[STORED_FIELD[param]] = value;
  }
  const excludes: Record<string, Array<string | number>> = {};
  for (const [param, filter] of Object.entries(EXCLUSION_PARAMS) as Array<[ExclusionParam, ExcludableFilter]>) {
    const raw = params[param];
    const values = filter === 'level' ? readLevels(raw, param) : readValues(raw, param);
    if (values) excludes[STORED_FIELD[filter]] = values;
  }
  return {
    minLevel: readLevel(params.minLevel as string | number | undefined, 'minLevel') ?? LEVELS.INFO,
    levels: readLevels(params.level, 'level'),
    equals,
    excludes,
  };
}

/** The MongoDB conditions of a match, one per stored field. */
export function buildMatchFilter(match: LogMatch): MongoFilter {
  const filter: MongoFilter = {};
  for (const [field, values] of Object.entries(match.equals)) filter[field] = anyOf(values);
  const level: Record<string, unknown> = {};
  if (match.minLevel > 0) level.$gte = match.minLevel;
  if (match.levels) level.$in = match.levels;
  if (Object.keys(level).length > 0) filter.level = level;
  for (const [field, values] of Object.entries(match.excludes)) {
    const current = filter[field];
    const asOperators =
      current === undefined ? {} : typeof current === 'object' && current !== null ? current : { $eq: current };
    filter[field] = { ...asOperators, $nin: values };
  }
  return filter;
}

/** Stored fields a match compares by equality (`$in` included): candidates for an index prefix. */
export function equalityFields(match: LogMatch): string[] {
  return Object.keys(match.equals);
}

/** Stored fields only exclusions touch: checked on the rows an index found. */
export function exclusionOnlyFields(match: LogMatch): string[] {
  return Object.keys(match.excludes).filter((field) => field !== 'level' && !(field in match.equals));
}
