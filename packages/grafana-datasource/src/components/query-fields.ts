/** How the query editor shows each field: label, placeholder, tooltip, width. Which types use which: query/fields.ts. */
import { DEFAULT_SPAN_SECONDS, MAX_LIMIT, MAX_SPAN_SECONDS } from '@logcas/contract/constants';
import type { ListFilter } from '../types';

export interface TextField {
  key: 'requestId' | 'globalRequestId' | 'instance' | 'search' | 'around' | 'fingerprint' | 'resource';
  label: string;
  placeholder: string;
  tooltip: string;
  width?: number;
}

export interface ListField {
  key: ListFilter;
  label: string;
  tooltip: string;
}

export interface NumberField {
  key: 'span' | 'limit' | 'step';
  label: string;
  placeholder: string;
  tooltip: string;
}

export const LIST_FIELDS: readonly ListField[] = [
  { key: 'host', label: 'Host', tooltip: 'Exact host names; any of them. Dashboard variables allowed.' },
  { key: 'service', label: 'Service', tooltip: 'Programs, e.g. nova-compute; any of them.' },
  {
    key: 'level',
    label: 'Levels',
    tooltip: 'Exact levels, any of them (Min level keeps everything at or above a level).',
  },
  { key: 'project', label: 'Project', tooltip: 'Project ids; the API matches ids, not project names.' },
  { key: 'user', label: 'User', tooltip: 'User ids; the API matches ids, not user names.' },
];

export const TEXT_FIELDS: readonly TextField[] = [
  {
    key: 'requestId',
    label: 'Request id',
    placeholder: 'req-… or $request',
    tooltip: 'The request to show; a filter for logs and volume. Press Enter to run.',
    width: 44,
  },
  { key: 'search', label: 'Search', placeholder: 'text', tooltip: 'Case-insensitive literal text in the message' },
  { key: 'globalRequestId', label: 'Global request', placeholder: 'req-…', tooltip: 'oslo global_request_id' },
  { key: 'instance', label: 'Instance', placeholder: 'uuid', tooltip: 'Instance uuid' },
  {
    key: 'around',
    label: 'Around',
    placeholder: 'time (ISO or epoch ms)',
    tooltip: 'Range window: every log within ±span seconds of this time, ignoring the dashboard range',
  },
  {
    key: 'fingerprint',
    label: 'Fingerprint',
    placeholder: '16 hex characters or $fingerprint',
    tooltip: 'The error fingerprint to show (from the Errors table)',
    width: 36,
  },
  {
    key: 'resource',
    label: 'Resource',
    placeholder: 'uuid or $resource',
    tooltip: 'An instance, volume, port, network or image uuid',
    width: 44,
  },
];

export const NUMBER_FIELDS: readonly NumberField[] = [
  {
    key: 'span',
    label: 'Span (s)',
    placeholder: String(DEFAULT_SPAN_SECONDS),
    tooltip: `Range window half-width in seconds (1–${MAX_SPAN_SECONDS}), with Around`,
  },
  {
    key: 'step',
    label: 'Step (s)',
    placeholder: 'auto',
    tooltip: 'Seconds per bar; default follows the panel interval (whole minutes)',
  },
  { key: 'limit', label: 'Limit', placeholder: '1000', tooltip: `Most rows to return (1–${MAX_LIMIT})` },
];
