/**
 * A query as saved (variables, lists, numbers as text) → the InterpolatedQuery the runners send. Fails
 * with a QueryInputError naming the field when the query cannot run as written.
 */
import type { AdHocVariableFilter, ScopedVars } from '@grafana/data';
import type { CollectionName } from '@logcas/contract';
import {
  DEFAULT_QUERY,
  LIST_FILTERS,
  QUERY_TYPES,
  type ExcludableFilter,
  type InterpolatedQuery,
  type LogcasQuery,
} from '../types';
import { QueryInputError } from './errors';
import { excludableFields, QUERY_FIELDS, type QueryField } from './fields';
import { NUMBER_FIELDS, resolveQuery, TEXT_FIELDS } from './interpolate';

const COLLECTIONS: readonly CollectionName[] = ['live', 'archive'];

const asList = (value: string | string[] | undefined): string[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

export interface ReadOptions {
  scopedVars?: ScopedVars;
  /** Ad hoc filters of the dashboard (DataQueryRequest.filters). */
  filters?: readonly AdHocVariableFilter[];
  /** Values for fields the query leaves out (the datasource's default collection…). */
  defaults?: Partial<LogcasQuery>;
}

/** `{ ...defaults, ...query }` where a field the query holds as undefined keeps its default. */
export function withDefaults(query: LogcasQuery, defaults: Partial<LogcasQuery>): LogcasQuery {
  const out: LogcasQuery = { ...defaults, refId: query.refId };
  for (const [key, value] of Object.entries(query)) if (value !== undefined) Object.assign(out, { [key]: value });
  return out;
}

export function readQuery(query: LogcasQuery, options: ReadOptions = {}): InterpolatedQuery {
  const problems: string[] = [];
  const merged = withDefaults(query, { ...DEFAULT_QUERY, ...options.defaults });
  const resolved = resolveQuery(merged, options.scopedVars, options.filters, (p) => problems.push(p));
  if (problems.length > 0) throw new QueryInputError(problems.join('; '));

  const queryType = resolved.queryType ?? QUERY_TYPES.logs;
  if (!Object.values(QUERY_TYPES).includes(queryType)) {
    throw new QueryInputError(`Unknown query type "${String(queryType)}"`);
  }
  const collection = resolved.collection;
  if (collection !== undefined && !COLLECTIONS.includes(collection as CollectionName)) {
    throw new QueryInputError(`Collection must be live or archive, not "${collection}"`);
  }
  const used = new Set<QueryField>(QUERY_FIELDS[queryType]);
  const out: InterpolatedQuery = {
    refId: resolved.refId,
    queryType,
    collection: collection as CollectionName | undefined,
    exclude: {},
  };
  const pick = <K extends keyof LogcasQuery & keyof InterpolatedQuery & QueryField>(field: K): void => {
    if (used.has(field) && resolved[field] !== undefined)
      (out as unknown as Record<K, unknown>)[field] = resolved[field];
  };
  for (const field of TEXT_FIELDS) pick(field);
  for (const field of ['order', 'sort', 'userOnly', 'includeRelated', 'live', 'errorSort', 'newOnly'] as const) {
    pick(field);
  }
  if (resolved.grafanaLevels !== undefined) out.grafanaLevels = resolved.grafanaLevels;
  for (const field of NUMBER_FIELDS) {
    const value = resolved[field];
    // resolveQuery already reported text that is not a whole number.
    if (used.has(field) && typeof value === 'number') out[field] = value;
  }
  for (const field of LIST_FILTERS) if (used.has(field)) out[field] = asList(resolved[field]);
  for (const field of excludableFields(queryType)) {
    const values = resolved.exclude?.[field as ExcludableFilter];
    if (values && values.length > 0) out.exclude[field] = values;
  }
  return out;
}

/** True when a filter was narrowed to no value at all (an ad hoc filter and the query share none). */
export function matchesNothing(query: InterpolatedQuery): boolean {
  return LIST_FILTERS.some((field) => query[field]?.length === 0);
}
