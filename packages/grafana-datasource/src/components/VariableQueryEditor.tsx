/** Editor of a dashboard variable query: which field's distinct values, from which collection. */
import React, { useEffect } from 'react';
import type { QueryEditorProps, SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, RadioButtonGroup } from '@grafana/ui';
import type { CollectionName, ValuesField } from '@logcas/contract';
import {
  DEFAULT_VARIABLE_QUERY,
  type LogcasDataSourceApi,
  type LogcasOptions,
  type LogcasQuery,
  type LogcasVariableQuery,
} from '../types';

type Props = QueryEditorProps<LogcasDataSourceApi, LogcasQuery, LogcasOptions, LogcasVariableQuery>;

const FIELDS: Array<SelectableValue<ValuesField>> = [
  { label: 'Hosts', value: 'host' },
  { label: 'Services', value: 'service' },
  { label: 'Projects', value: 'project' },
  { label: 'Users', value: 'user' },
  { label: 'Levels', value: 'level' },
];

const COLLECTIONS: Array<SelectableValue<CollectionName>> = [
  { label: 'Live', value: 'live' },
  { label: 'Archive', value: 'archive' },
];

export function VariableQueryEditor({ query, onChange }: Props) {
  const current = { ...DEFAULT_VARIABLE_QUERY, ...query };
  // Save what the editor shows: a new variable whose editor is never touched still asks for hosts.
  const untouched = query.field === undefined;
  useEffect(() => {
    if (untouched) onChange({ ...current });
    // Runs once for a query that has no field yet; `current` is that query with the defaults.
  }, [untouched]);
  return (
    <InlineFieldRow>
      <InlineField label="Values of" labelWidth={14}>
        <RadioButtonGroup<ValuesField>
          aria-label="Values of"
          options={FIELDS}
          value={current.field}
          onChange={(field) => onChange({ ...current, field })}
        />
      </InlineField>
      <InlineField label="Collection">
        <RadioButtonGroup<CollectionName>
          aria-label="Variable collection"
          options={COLLECTIONS}
          value={current.collection ?? 'live'}
          onChange={(collection) => onChange({ ...current, collection })}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
