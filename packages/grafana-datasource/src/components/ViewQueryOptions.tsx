/** The editor's options of the Errors query type, and the labels of the error and resource query types. */
import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineSwitch, RadioButtonGroup } from '@grafana/ui';
import type { ErrorSort } from '@logcas/contract';
import { QUERY_TYPES, type LogcasQuery, type QueryType } from '../types';

export const VIEW_QUERY_TYPE_OPTIONS: Array<SelectableValue<QueryType>> = [
  { label: 'Errors', value: QUERY_TYPES.errors, description: 'Error fingerprints: count, first and last seen, trend' },
  {
    label: 'Error detail',
    value: QUERY_TYPES.errorDetail,
    description: 'The records of one error fingerprint and the requests it failed',
  },
  {
    label: 'Resources',
    value: QUERY_TYPES.resources,
    description: 'Instances, volumes, ports… named by logs in the range, failures first',
  },
  {
    label: 'Resource history',
    value: QUERY_TYPES.resourceHistory,
    description: 'The requests that touched one instance, volume, port…',
  },
];

const ERROR_SORT_OPTIONS: Array<SelectableValue<ErrorSort>> = [
  { label: 'Count', value: 'count' },
  { label: 'Last seen', value: 'lastSeen' },
  { label: 'First seen', value: 'firstSeen' },
];

export interface ViewQueryOptionsProps {
  query: LogcasQuery;
  set<K extends keyof LogcasQuery>(field: K, value: LogcasQuery[K], run?: boolean): void;
  labelWidth: number;
}

/** Sort and "new only" for the Errors query type; nothing for the others. */
export function ViewQueryOptions({ query, set, labelWidth }: ViewQueryOptionsProps) {
  if (query.queryType !== QUERY_TYPES.errors) return null;
  return (
    <>
      <InlineField label="Sort by" labelWidth={labelWidth}>
        <RadioButtonGroup<ErrorSort>
          aria-label="Sort errors by"
          options={ERROR_SORT_OPTIONS}
          value={query.errorSort ?? 'count'}
          onChange={(value) => set('errorSort', value, true)}
        />
      </InlineField>
      <InlineField label="New only" tooltip="Only errors first seen inside the dashboard's time range">
        <InlineSwitch
          aria-label="New only"
          value={query.newOnly ?? false}
          onChange={(e) => set('newOnly', e.currentTarget.checked, true)}
        />
      </InlineField>
    </>
  );
}
