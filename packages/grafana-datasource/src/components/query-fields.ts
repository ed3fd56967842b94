/** The text filters of the query editor and the query types that use each one. */
import { QUERY_TYPES, type LogcasQuery, type QueryType } from '../types';

export interface TextField {
  key:
    | 'minLevel'
    | 'host'
    | 'service'
    | 'project'
    | 'user'
    | 'requestId'
    | 'globalRequestId'
    | 'instance'
    | 'search'
    | 'around'
    | 'fingerprint'
    | 'resource';
  label: string;
  placeholder: string;
  tooltip: string;
  types: readonly QueryType[];
  width?: number;
}

const { logs, requests, requestDetail, requestTrace, volume, annotations, errors, errorDetail, resourceHistory } =
  QUERY_TYPES;
// Annotation queries (edited with this editor too) filter like logs.
const LISTS = [logs, requests, volume, annotations] as const;

export const TEXT_FIELDS: readonly TextField[] = [
  {
    key: 'requestId',
    label: 'Request id',
    placeholder: 'req-… or $request',
    tooltip: 'The request to show; a filter for logs and volume',
    types: [requestDetail, requestTrace, logs, volume],
    width: 44,
  },
  {
    key: 'minLevel',
    label: 'Min level',
    placeholder: 'INFO',
    tooltip: 'TRACE, DEBUG, INFO, AUDIT, WARNING, ERROR, CRITICAL or a number; variables allowed',
    types: [...LISTS, requestDetail, requestTrace, errors],
    width: 14,
  },
  {
    key: 'host',
    label: 'Host',
    placeholder: 'any',
    tooltip: 'Exact host name',
    types: [...LISTS, requestDetail, requestTrace, errors],
  },
  {
    key: 'service',
    label: 'Service',
    placeholder: 'any',
    tooltip: 'Program, e.g. nova-compute',
    types: [...LISTS, errors],
  },
  {
    key: 'fingerprint',
    label: 'Fingerprint',
    placeholder: '16 hex characters or $fingerprint',
    tooltip: 'The error fingerprint to show (from the Errors table)',
    types: [errorDetail],
    width: 36,
  },
  {
    key: 'resource',
    label: 'Resource',
    placeholder: 'uuid or $resource',
    tooltip: 'An instance, volume, port, network or image uuid',
    types: [resourceHistory],
    width: 44,
  },
  { key: 'project', label: 'Project', placeholder: 'any', tooltip: 'Project id or name', types: LISTS },
  { key: 'user', label: 'User', placeholder: 'any', tooltip: 'User id or name', types: LISTS },
  {
    key: 'search',
    label: 'Search',
    placeholder: 'text',
    tooltip: 'Case-insensitive literal text in the message',
    types: [logs, volume, annotations],
  },
  {
    key: 'globalRequestId',
    label: 'Global request',
    placeholder: 'req-…',
    tooltip: 'oslo global_request_id',
    types: [logs],
  },
  { key: 'instance', label: 'Instance', placeholder: 'uuid', tooltip: 'Instance uuid', types: [logs] },
  {
    key: 'around',
    label: 'Around',
    placeholder: 'time (ISO or epoch ms)',
    tooltip: 'Range window: every log within ±span seconds of this time, ignoring the dashboard range',
    types: [logs],
  },
] satisfies ReadonlyArray<TextField & { key: keyof LogcasQuery }>;
