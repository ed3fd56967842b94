/** One line per query for Explore's query history and the query inspector. Pure. */
import { EXCLUDABLE_FILTERS, QUERY_TYPES, type LogcasQuery } from '../types';
import { QUERY_FIELDS } from './fields';

const TYPE_NAMES: Readonly<Record<string, string>> = {
  [QUERY_TYPES.logs]: 'Logs',
  [QUERY_TYPES.requests]: 'Requests',
  [QUERY_TYPES.requestDetail]: 'Request detail',
  [QUERY_TYPES.requestTrace]: 'Request trace',
  [QUERY_TYPES.volume]: 'Volume',
  [QUERY_TYPES.annotations]: 'Annotations',
};

const text = (value: unknown): string => (Array.isArray(value) ? value.join('|') : String(value));

/** e.g. `Logs (archive) host=compute-1|compute-2 minLevel=WARNING host!=compute-3 search:"spawn"` */
export function queryDisplayText(query: LogcasQuery): string {
  const type = query.queryType ?? QUERY_TYPES.logs;
  const parts = [TYPE_NAMES[type] ?? type];
  if (query.collection && query.collection !== 'live') parts.push(`(${query.collection})`);
  for (const field of QUERY_FIELDS[type] ?? []) {
    const value = query[field];
    if (value === undefined || value === '' || typeof value === 'boolean') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    parts.push(field === 'search' ? `search:"${value}"` : `${field}=${text(value)}`);
  }
  for (const field of EXCLUDABLE_FILTERS) {
    const excluded = query.exclude?.[field];
    if (excluded?.length) parts.push(`${field}!=${excluded.join('|')}`);
  }
  return parts.join(' ');
}
