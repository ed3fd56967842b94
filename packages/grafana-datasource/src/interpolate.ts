/** Template variables in queries: every text field goes through Grafana's template service. */
import type { ScopedVars } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import type { InterpolatedQuery, LogcasQuery } from './types';

/** Query fields that may hold `$variables`. */
const INTERPOLATED_FIELDS = [
  'minLevel',
  'host',
  'service',
  'project',
  'user',
  'requestId',
  'globalRequestId',
  'instance',
  'search',
  'around',
  'fingerprint',
  'resource',
] as const satisfies ReadonlyArray<keyof LogcasQuery>;

/** Values that mean "no filter": an empty variable, or an All option whose custom value is `*`. */
const ANY = new Set(['', '*', '$__all']);

/** A multi-value variable becomes a comma-separated list (what a single-value API filter gets as text). */
function formatValue(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(',') : String(value ?? '');
}

/** Replaces `$var`, `${var}` and `[[var]]` in `text`; returns undefined when the result means "any". */
function interpolateText(text: string | undefined, scopedVars?: ScopedVars): string | undefined {
  if (text === undefined) return undefined;
  const replaced = getTemplateSrv().replace(text, scopedVars, formatValue).trim();
  return ANY.has(replaced) ? undefined : replaced;
}

/** The query with every variable replaced, ready to become API parameters. */
export function interpolateQuery(query: LogcasQuery, scopedVars?: ScopedVars): InterpolatedQuery {
  const { collection, ...rest } = query;
  const out: InterpolatedQuery = { ...rest };
  for (const field of INTERPOLATED_FIELDS) out[field] = interpolateText(query[field], scopedVars);
  // Dashboards switch live/archive with a variable; anything else reaches the API, which names it in a 400.
  if (collection !== undefined) {
    out.collection = interpolateText(collection, scopedVars) as InterpolatedQuery['collection'];
  }
  return out;
}
