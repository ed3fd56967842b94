/**
 * Filters added from Log details ("filter for value" / "filter out value") and from selected text. Keys are
 * the labels of a logs frame (frames/logs.ts): level, host, service, project, user, instance. Pure.
 */
import type { QueryFilterOptions, QueryFixAction, ToggleFilterAction } from '@grafana/data';
import { EXCLUDABLE_FILTERS, type ExcludableFilter, type FilterValue, type LogcasQuery } from '../types';

/** modifyQuery actions LogCAS supports (getSupportedQueryModifications). */
export const QUERY_MODIFICATIONS = ['ADD_FILTER', 'ADD_FILTER_OUT', 'ADD_STRING_FILTER'] as const;

const isFilterKey = (key: string | undefined): key is ExcludableFilter =>
  EXCLUDABLE_FILTERS.includes(key as ExcludableFilter);

const listOf = (value: FilterValue | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function withoutExclusion(query: LogcasQuery, key: ExcludableFilter, value: string): LogcasQuery['exclude'] {
  const rest = listOf(query.exclude?.[key]).filter((v) => v !== value);
  const exclude = { ...query.exclude, [key]: rest };
  if (rest.length === 0) delete exclude[key];
  return Object.keys(exclude).length > 0 ? exclude : undefined;
}

/** Only rows whose `key` is `value`: the filter becomes that value, and it is no longer excluded. */
export function filterFor(query: LogcasQuery, key: string, value: string): LogcasQuery {
  if (!isFilterKey(key)) return query;
  return { ...query, [key]: value, exclude: withoutExclusion(query, key, value) };
}

/** No rows whose `key` is `value`; an include filter holding that value drops it. */
export function filterOut(query: LogcasQuery, key: string, value: string): LogcasQuery {
  if (!isFilterKey(key)) return query;
  const excluded = [...new Set([...listOf(query.exclude?.[key]), value])];
  const out: LogcasQuery = { ...query, exclude: { ...query.exclude, [key]: excluded } };
  if (key === 'instance') {
    if (out.instance === value) delete out.instance;
    return out;
  }
  const included = listOf(query[key]);
  if (included.includes(value)) {
    const rest = included.filter((v) => v !== value);
    if (rest.length === 0) delete out[key];
    else out[key] = rest.length === 1 ? rest[0] : rest;
  }
  return out;
}

export function hasFilter(query: LogcasQuery, options: QueryFilterOptions): boolean {
  const { key, value } = options;
  if (!isFilterKey(key) || value === undefined) return false;
  if (options.type === 'FILTER_OUT') return listOf(query.exclude?.[key]).includes(value);
  const current = key === 'instance' ? query.instance : query[key];
  const values = listOf(current);
  return values.length === 1 && values[0] === value;
}

/** Grafana's ADD_FILTER / ADD_FILTER_OUT / ADD_STRING_FILTER. */
export function modifyQuery(query: LogcasQuery, action: QueryFixAction): LogcasQuery {
  const key = action.options?.key;
  const value = action.options?.value;
  switch (action.type) {
    case 'ADD_FILTER':
      return key !== undefined && value !== undefined ? filterFor(query, key, value) : query;
    case 'ADD_FILTER_OUT':
      return key !== undefined && value !== undefined ? filterOut(query, key, value) : query;
    case 'ADD_STRING_FILTER':
      return value ? { ...query, search: value } : query;
    default:
      return query;
  }
}

/** Grafana's toggleable filters: a second click on the same button removes the filter. */
export function toggleQueryFilter(query: LogcasQuery, filter: ToggleFilterAction): LogcasQuery {
  const { key, value } = filter.options;
  if (!isFilterKey(key) || value === undefined) return query;
  if (filter.type === 'FILTER_OUT') {
    if (!hasFilter(query, { key, value, type: 'FILTER_OUT' })) return filterOut(query, key, value);
    return { ...query, exclude: withoutExclusion(query, key, value) };
  }
  if (!hasFilter(query, { key, value })) return filterFor(query, key, value);
  const out = { ...query };
  delete out[key];
  return out;
}
