/**
 * The query editor: query type first, then the filters that type uses (query/fields.ts). Each change calls
 * onChange({ ...query, field }); selects and radio groups run the query at once, text fields on Enter or blur.
 */
import React from 'react';
import type { QueryEditorProps, SelectableValue } from '@grafana/data';
import {
  Button,
  Combobox,
  InlineField,
  InlineFieldRow,
  InlineSwitch,
  Input,
  RadioButtonGroup,
  Stack,
} from '@grafana/ui';
import type { CollectionName, RequestSort, SortOrder } from '@logcas/contract';
import { excludableFields, usesField } from '../query/fields';
import { LEVEL_NAMES } from '@logcas/contract/constants';
import {
  QUERY_TYPES,
  type ExcludableFilter,
  type LogcasDataSourceApi,
  type LogcasOptions,
  type LogcasQuery,
  type QueryType,
} from '../types';
import { FilterSelect } from './FilterSelect';
import { LIST_FIELDS, NUMBER_FIELDS, TEXT_FIELDS, type NumberField, type TextField } from './query-fields';
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

const LEVEL_OPTIONS = LEVEL_NAMES.map((name) => ({ value: name }));
const LABEL_WIDTH = 16;

/** A fixed collection; a `$variable` leaves both buttons unselected. */
const isCollection = (value: LogcasQuery['collection']): value is CollectionName =>
  value === 'live' || value === 'archive';

/** A typed number stays a number; anything else (a `$variable`) is kept as text and checked when the query runs. */
function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

export function QueryEditor({ datasource, query, onChange, onRunQuery, range }: QueryEditorPropsOf) {
  const queryType: QueryType = query.queryType ?? QUERY_TYPES.logs;
  const uses = (field: Parameters<typeof usesField>[1]): boolean => usesField(queryType, field);
  const collection: CollectionName = isCollection(query.collection) ? query.collection : 'live';
  const set = <K extends keyof LogcasQuery>(field: K, value: LogcasQuery[K], run = false): void => {
    const next = { ...query, [field]: value };
    if (value === undefined) delete next[field];
    onChange(next);
    if (run) onRunQuery();
  };
  const runOnEnter = (event: React.KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') onRunQuery();
  };
  const textInput = (field: TextField) => (
    <InlineField key={field.key} label={field.label} labelWidth={LABEL_WIDTH} tooltip={field.tooltip}>
      <Input
        width={field.width ?? 28}
        value={query[field.key] ?? ''}
        placeholder={field.placeholder}
        aria-label={field.label}
        onChange={(e) => set(field.key, e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
        onKeyDown={runOnEnter}
        onBlur={onRunQuery}
      />
    </InlineField>
  );
  const numberInput = (field: NumberField) => (
    <InlineField key={field.key} label={field.label} labelWidth={LABEL_WIDTH} tooltip={field.tooltip}>
      <Input
        width={12}
        value={query[field.key] ?? ''}
        placeholder={field.placeholder}
        aria-label={field.label}
        onChange={(e) => set(field.key, numberOrText(e.currentTarget.value))}
        onKeyDown={runOnEnter}
        onBlur={onRunQuery}
      />
    </InlineField>
  );
  const excluded = excludableFields(queryType).flatMap((field) =>
    (query.exclude?.[field] ?? []).map((value) => ({ field, value })),
  );
  const removeExclusion = (field: ExcludableFilter, value: string): void => {
    const rest = (query.exclude?.[field] ?? []).filter((v) => v !== value);
    const exclude = { ...query.exclude, [field]: rest };
    if (rest.length === 0) delete exclude[field];
    set('exclude', Object.keys(exclude).length > 0 ? exclude : undefined, true);
  };

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
      <InlineFieldRow>
        {TEXT_FIELDS.filter((f) => f.key === 'requestId' && uses('requestId')).map(textInput)}
        {uses('minLevel') && (
          <InlineField
            label="Min level"
            labelWidth={LABEL_WIDTH}
            tooltip="Logs at or above this level (default INFO); a level name, a number or a $variable"
          >
            <Combobox<string>
              aria-label="Min level"
              width={16}
              placeholder="INFO"
              isClearable
              createCustomValue
              options={LEVEL_OPTIONS}
              value={query.minLevel ?? null}
              onChange={(option) => set('minLevel', option?.value, true)}
            />
          </InlineField>
        )}
        {LIST_FIELDS.filter((f) => uses(f.key)).map((field) => (
          <InlineField key={field.key} label={field.label} labelWidth={LABEL_WIDTH} tooltip={field.tooltip}>
            <FilterSelect
              api={datasource.api}
              field={field.key}
              label={field.label}
              value={query[field.key]}
              collection={collection}
              range={range}
              onChange={(value) => set(field.key, value, true)}
            />
          </InlineField>
        ))}
      </InlineFieldRow>
      <InlineFieldRow>{TEXT_FIELDS.filter((f) => f.key !== 'requestId' && uses(f.key)).map(textInput)}</InlineFieldRow>
      {excluded.length > 0 && (
        <InlineFieldRow>
          <InlineField label="Excluded" labelWidth={LABEL_WIDTH} tooltip="Values filtered out; click one to remove it">
            <Stack direction="row" gap={0.5} wrap="wrap">
              {excluded.map(({ field, value }) => (
                <Button
                  key={`${field}=${value}`}
                  size="sm"
                  variant="secondary"
                  icon="times"
                  aria-label={`Stop excluding ${field} ${value}`}
                  onClick={() => removeExclusion(field, value)}
                >
                  {`${field} ≠ ${value}`}
                </Button>
              ))}
            </Stack>
          </InlineField>
        </InlineFieldRow>
      )}
      <InlineFieldRow>
        {NUMBER_FIELDS.filter((f) => uses(f.key)).map(numberInput)}
        <ViewQueryOptions query={query} set={set} labelWidth={LABEL_WIDTH} />
        {uses('order') && (
          <InlineField label="Order" labelWidth={LABEL_WIDTH}>
            <RadioButtonGroup<SortOrder>
              aria-label="Order"
              options={ORDER_OPTIONS}
              value={query.order ?? 'desc'}
              onChange={(value) => set('order', value, true)}
            />
          </InlineField>
        )}
        {uses('live') && (
          <InlineField
            label="Follow"
            tooltip="Keep adding logs as they are stored (Explore's Live button does this too); the newest Limit rows stay"
          >
            <InlineSwitch
              aria-label="Follow new logs"
              value={query.live ?? false}
              onChange={(e) => set('live', e.currentTarget.checked || undefined, true)}
            />
          </InlineField>
        )}
        {uses('sort') && (
          <InlineField label="Sort by" labelWidth={LABEL_WIDTH}>
            <RadioButtonGroup<RequestSort>
              aria-label="Sort by"
              options={SORT_OPTIONS}
              value={query.sort ?? 'start'}
              onChange={(value) => set('sort', value, true)}
            />
          </InlineField>
        )}
        {uses('userOnly') && (
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
        {uses('includeRelated') && (
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
