/**
 * Dashboard variables and ad hoc filters → a query whose fields hold plain values. Grafana's template
 * service does the replacing (in a dashboard it delegates to the scene's variables); this module decides
 * what the results mean for LogCAS:
 *   - list filters (host, service, level, project, user) become lists: a multi-value or All variable
 *     gives one entry per value, so the API receives `host=a&host=b`;
 *   - `*` (the provisioned custom all value), `$__all` and empty values mean "no filter";
 *   - number fields (span, limit, step) become numbers when the variable holds a whole number.
 * Problems (a variable Grafana does not know, several values in a one-value field…) are reported to
 * `onProblem`: running a query turns them into errors, Explore's copy of a dashboard query keeps them visible.
 */
import type { AdHocVariableFilter, ScopedVars } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { EXCLUDABLE_FILTERS, LIST_FILTERS, type ExcludableFilter, type LogcasQuery } from '../types';

/** Query fields holding one text value each. */
export const TEXT_FIELDS = [
  'minLevel',
  'requestId',
  'globalRequestId',
  'instance',
  'search',
  'around',
  'fingerprint',
  'resource',
] as const;
export const NUMBER_FIELDS = ['span', 'limit', 'step'] as const;

/** Field labels as the editor shows them, for messages. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  collection: 'Collection',
  minLevel: 'Min level',
  level: 'Levels',
  host: 'Host',
  service: 'Service',
  project: 'Project',
  user: 'User',
  instance: 'Instance',
  requestId: 'Request id',
  globalRequestId: 'Global request',
  search: 'Search',
  around: 'Around',
  fingerprint: 'Fingerprint',
  resource: 'Resource',
  span: 'Span',
  limit: 'Limit',
  step: 'Step',
};

/** Values that mean "no filter": an All option whose custom value is `*`, an unexpanded All, or nothing. */
const ANY = new Set(['', '*', '$__all']);
const VARIABLE_REFERENCE = /\$\w+|\$\{[^}]+\}|\[\[[^\]]+\]\]/;

export type ProblemReporter = (message: string) => void;

/** Every value `text` stands for: each multi-value variable in it multiplies the results. */
export function replaceAll(text: string, scopedVars: ScopedVars | undefined): string[] {
  const lists: string[][] = [];
  const marked = getTemplateSrv().replace(text, scopedVars, (value: unknown) => {
    lists.push(Array.isArray(value) ? value.map((v) => String(v)) : [String(value ?? '')]);
    return `\u0000${lists.length - 1}\u0000`;
  });
  let results = [''];
  for (const part of marked.split(/\u0000(\d+)\u0000/).map((p, i) => (i % 2 === 1 ? lists[Number(p)]! : [p]))) {
    results = results.flatMap((prefix) => part.map((value) => prefix + value));
  }
  return results.map((value) => value.trim());
}

/** The values of a list filter; undefined when any of them means "no filter" or none is left. */
function resolveList(
  field: string,
  value: string | string[],
  scopedVars: ScopedVars | undefined,
  report: ProblemReporter,
) {
  // An explicitly empty list is what an ad hoc filter left when it and the query share no value: nothing matches.
  if (Array.isArray(value) && value.length === 0) return [];
  const values = (Array.isArray(value) ? value : [value]).flatMap((entry) => replaceAll(entry, scopedVars));
  if (values.some((v) => v === '*' || v === '$__all')) return undefined;
  const kept = [...new Set(values.filter((v) => v !== ''))];
  for (const v of kept) if (VARIABLE_REFERENCE.test(v)) report(unknownVariable(field, v));
  if (kept.length === 0) return undefined;
  return kept.length === 1 ? kept[0] : kept;
}

function resolveText(field: string, text: string, scopedVars: ScopedVars | undefined, report: ProblemReporter) {
  const values = [...new Set(replaceAll(text, scopedVars))];
  if (values.length > 1) {
    report(`${FIELD_LABELS[field]} takes one value, but "${text}" has ${values.length}: ${values.join(', ')}`);
  }
  const single = values.join(',');
  if (field === 'search') return single === '' ? undefined : single;
  if (ANY.has(single)) return undefined;
  if (VARIABLE_REFERENCE.test(single)) report(unknownVariable(field, single));
  return single;
}

function resolveNumber(
  field: string,
  value: number | string,
  scopedVars: ScopedVars | undefined,
  report: ProblemReporter,
) {
  if (typeof value === 'number') return value;
  const text = resolveText(field, value, scopedVars, report);
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  // An undefined variable was already reported; saying it is not a number too would only repeat it.
  if (VARIABLE_REFERENCE.test(text)) return text;
  report(
    `${FIELD_LABELS[field]} must be a whole number, but ` +
      (text === value ? `it is "${text}"` : `"${value}" became "${text}"`),
  );
  return text;
}

function unknownVariable(field: string, text: string): string {
  return `${FIELD_LABELS[field]} uses a variable this view does not define: ${text}`;
}

/** The query with every variable replaced and the ad hoc filters merged in; problems go to `report`. */
export function resolveQuery(
  query: LogcasQuery,
  scopedVars: ScopedVars | undefined,
  filters: readonly AdHocVariableFilter[] | undefined,
  report: ProblemReporter,
): LogcasQuery {
  const out: LogcasQuery = { ...query };
  const set = <K extends keyof LogcasQuery>(field: K, value: LogcasQuery[K] | undefined): void => {
    if (value === undefined) delete out[field];
    else out[field] = value;
  };
  if (query.collection !== undefined) {
    set('collection', resolveText('collection', query.collection, scopedVars, report) as LogcasQuery['collection']);
  }
  for (const field of TEXT_FIELDS) {
    const value = query[field];
    if (value !== undefined) set(field, resolveText(field, value, scopedVars, report));
  }
  for (const field of NUMBER_FIELDS) {
    const value = query[field];
    if (value !== undefined) set(field, resolveNumber(field, value, scopedVars, report));
  }
  for (const field of LIST_FILTERS) {
    const value = query[field];
    if (value !== undefined) set(field, resolveList(field, value, scopedVars, report));
  }
  if (query.exclude) {
    const exclude: NonNullable<LogcasQuery['exclude']> = {};
    for (const [field, values] of Object.entries(query.exclude) as Array<[ExcludableFilter, string[]]>) {
      const resolved = resolveList(field, values, scopedVars, report);
      if (resolved !== undefined) exclude[field] = Array.isArray(resolved) ? resolved : [resolved];
    }
    set('exclude', Object.keys(exclude).length > 0 ? exclude : undefined);
  }
  for (const filter of filters ?? []) applyAdHocFilter(out, filter, report);
  return out;
}

const INCLUDE_OPERATORS = new Set(['=', '=|']);
const EXCLUDE_OPERATORS = new Set(['!=', '!=|']);

/**
 * Merges one ad hoc filter: `=` and "one of" narrow the filter to the values both allow (dashboard filters
 * and the query both apply); `!=` and "not one of" add exclusions.
 */
function applyAdHocFilter(query: LogcasQuery, filter: AdHocVariableFilter, report: ProblemReporter): void {
  const key = filter.key as ExcludableFilter;
  const values = filter.values && filter.values.length > 0 ? filter.values : [filter.value];
  if (!EXCLUDABLE_FILTERS.includes(key)) {
    return report(`Ad hoc filter "${filter.key}": LogCAS filters by ${EXCLUDABLE_FILTERS.join(', ')}`);
  }
  if (EXCLUDE_OPERATORS.has(filter.operator)) {
    const current = query.exclude?.[key] ?? [];
    query.exclude = { ...query.exclude, [key]: [...new Set([...current, ...values])] };
    return;
  }
  if (!INCLUDE_OPERATORS.has(filter.operator)) {
    return report(`Ad hoc filter "${filter.key} ${filter.operator}": LogCAS matches exact values (=, !=, one of)`);
  }
  if (key === 'instance') {
    if (values.length > 1 || (query.instance !== undefined && query.instance !== values[0])) {
      return report('Instance takes one value; the ad hoc filter and the query ask for different instances');
    }
    query.instance = values[0];
    return;
  }
  const current = query[key];
  if (current === undefined) query[key] = values.length === 1 ? values[0] : [...values];
  else query[key] = (Array.isArray(current) ? current : [current]).filter((v) => values.includes(v));
}
