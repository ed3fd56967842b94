/** The query editor: query type first, then the filters that type uses. Each change calls onChange({ ...query, field }). */
import React from 'react';
import type { QueryEditorProps, SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, InlineSwitch, Input, RadioButtonGroup, Stack } from '@grafana/ui';
import { DEFAULT_SPAN_SECONDS, MAX_LIMIT, MAX_SPAN_SECONDS } from '@logcas/contract/constants';
import type { CollectionName, RequestSort, SortOrder } from '@logcas/contract';
import { QUERY_TYPES, type LogcasDataSourceApi, type LogcasOptions, type LogcasQuery, type QueryType } from '../types';
import { TEXT_FIELDS, type TextField } from './query-fields';
import { isViewQuery } from '../run-views';
import { VIEW_QUERY_TYPE_OPTIONS, ViewQueryOptions } from './ViewQueryOptions';

export type QueryEditorPropsOf = QueryEditorProps<LogcasDataSourceApi, LogcasQuery, LogcasOptions>;

const QUERY_TYPE_OPTIONS: Array<SelectableValue<QueryType>> = [
  { label: 'Logs', value: QUERY_TYPES.logs, description: 'Log lines matching the filters' },
  { label: 'Requests', value: QUERY_TYPES.requests, description: 'Request summaries: start, elapsed, max level…' },
  {
    label: 'Request detail',
    value: QUERY_TYPES.requestDetail,
    description: 'Every log of one request and its related requests',
  },
  {
    label: 'Request trace',
    value: QUERY_TYPES.requestTrace,
    description: 'One request as a trace: a span per service and host',
  },
  { label: 'Volume', value: QUERY_TYPES.volume, description: 'Log counts per level over time' },
  ...VIEW_QUERY_TYPE_OPTIONS,
];

const COLLECTION_OPTIONS: Array<SelectableValue<CollectionName>> = [
  { label: 'Live', value: 'live' },
  { label: 'Archive', value: 'archive' },
];

const ORDER_OPTIONS: Array<SelectableValue<SortOrder>> = [
  { label: 'Newest first', value: 'desc' },
  { label: 'Oldest first', value: 'asc' },
];

const SORT_OPTIONS: Array<SelectableValue<RequestSort>> = [
  { label: 'Start', value: 'start' },
  { label: 'End', value: 'end' },
  { label: 'Duration', value: 'duration' },
  { label: 'Count', value: 'count' },
  { label: 'Max level', value: 'maxLevel' },
];

const LABEL_WIDTH = 16;

/** A fixed collection; a `$variable` leaves both buttons unselected. */
const isCollection = (value: LogcasQuery['collection']): value is CollectionName =>
  value === 'live' || value === 'archive';

export function QueryEditor({ query, onChange, onRunQuery }: QueryEditorPropsOf) {
  const queryType: QueryType = query.queryType ?? QUERY_TYPES.logs;
  const set = <K extends keyof LogcasQuery>(field: K, value: LogcasQuery[K], run = false): void => {
    onChange({ ...query, [field]: value });
    if (run) onRunQuery();
  };
  const setNumber = (field: 'limit' | 'span' | 'step', text: string): void => {
    const value = text.trim() === '' ? undefined : Number(text);
    set(field, value !== undefined && Number.isFinite(value) ? value : undefined);
  };
  const textInput = (field: TextField) => (
    <InlineField key={field.key} label={field.label} labelWidth={LABEL_WIDTH} tooltip={field.tooltip}>
      <Input
        width={field.width ?? 28}
        value={query[field.key] ?? ''}
        placeholder={field.placeholder}
        aria-label={field.label}
        onChange={(e) => set(field.key, e.currentTarget.value)}
        onBlur={onRunQuery}
      />
    </InlineField>
  );
  const numberInput = (field: 'limit' | 'span' | 'step', label: string, placeholder: string, tooltip: string) => (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip}>
      <Input
        type="number"
        width={12}
        value={query[field] ?? ''}
        placeholder={placeholder}
        aria-label={label}
        onChange={(e) => setNumber(field, e.currentTarget.value)}
        onBlur={onRunQuery}
      />
    </InlineField>
  );
  const isLogs = queryType === QUERY_TYPES.logs;
  const isRequests = queryType === QUERY_TYPES.requests;
  const isOneRequest = queryType === QUERY_TYPES.requestDetail || queryType === QUERY_TYPES.requestTrace;

  return (
    <Stack direction="column" gap={0}>
      <InlineFieldRow>
        <InlineField label="Query type" labelWidth={LABEL_WIDTH}>
          <RadioButtonGroup<QueryType>
            aria-label="Query type"
            options={QUERY_TYPE_OPTIONS}
            value={queryType}
            onChange={(value) => set('queryType', value, true)}
          />
        </InlineField>
        <InlineField label="Collection" tooltip="Live logs, or the archive of WARNING+ logs and their requests">
          <RadioButtonGroup<CollectionName>
            aria-label="Collection"
            options={COLLECTION_OPTIONS}
            value={isCollection(query.collection) ? query.collection : query.collection ? undefined : 'live'}
            onChange={(value) => set('collection', value, true)}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>{TEXT_FIELDS.filter((f) => f.types.includes(queryType)).map(textInput)}</InlineFieldRow>
      <InlineFieldRow>
        {isLogs &&
          numberInput(
            'span',
            'Span (s)',
            String(DEFAULT_SPAN_SECONDS),
            `Range window half-width in seconds (1–${MAX_SPAN_SECONDS}), with Around`,
          )}
        {queryType === QUERY_TYPES.volume &&
          numberInput(
            'step',
            'Step (s)',
            'auto',
            'Seconds per bar; default follows the panel interval (whole minutes)',
          )}
        {(isLogs || isRequests || isViewQuery(query)) &&
          numberInput('limit', 'Limit', '1000', `Most rows to return (1–${MAX_LIMIT})`)}
        <ViewQueryOptions query={query} set={set} labelWidth={LABEL_WIDTH} />
        {(isLogs || isRequests) && (
          <InlineField label="Order" labelWidth={LABEL_WIDTH}>
            <RadioButtonGroup<SortOrder>
              aria-label="Order"
              options={ORDER_OPTIONS}
              value={query.order ?? 'desc'}
              onChange={(value) => set('order', value, true)}
            />
          </InlineField>
        )}
        {isRequests && (
          <InlineField label="Sort by" labelWidth={LABEL_WIDTH}>
            <RadioButtonGroup<RequestSort>
              aria-label="Sort by"
              options={SORT_OPTIONS}
              value={query.sort ?? 'start'}
              onChange={(value) => set('sort', value, true)}
            />
          </InlineField>
        )}
        {isRequests && (
          <InlineField
            label="User requests only"
            tooltip="Only requests made by a user, as the original LogCAS listed them"
          >
            <InlineSwitch
              aria-label="User requests only"
              value={query.userOnly ?? true}
              onChange={(e) => set('userOnly', e.currentTarget.checked, true)}
            />
          </InlineField>
        )}
        {isOneRequest && (
          <InlineField label="Related requests" tooltip="Also show the requests linked by global request ids">
            <InlineSwitch
              aria-label="Related requests"
              value={query.includeRelated ?? true}
              onChange={(e) => set('includeRelated', e.currentTarget.checked, true)}
            />
          </InlineField>
        )}
      </InlineFieldRow>
    </Stack>
  );
}
