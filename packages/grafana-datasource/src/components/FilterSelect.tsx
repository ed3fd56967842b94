/** A multi-value filter: values offered from the API's /values (and the dashboard's variables), custom values allowed. */
import React, { useCallback } from 'react';
import type { TimeRange } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { MultiCombobox, type ComboboxOption } from '@grafana/ui';
import type { CollectionName, ValuesField } from '@logcas/contract';
import type { LogcasApi } from '../api';
import type { FilterValue } from '../types';
import { fieldValues } from '../variables';

export interface FilterSelectProps {
  api: LogcasApi;
  field: ValuesField;
  label: string;
  value: FilterValue | undefined;
  collection: CollectionName;
  range?: TimeRange;
  onChange(value: FilterValue | undefined): void;
}

/** The editor's list of values: empty → no filter, one value stays a plain text (as dashboards write it). */
export function toFilterValue(values: string[]): FilterValue | undefined {
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : values;
}

export function FilterSelect({ api, field, label, value, collection, range, onChange }: FilterSelectProps) {
  const selected = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const loadOptions = useCallback(
    async (input: string): Promise<Array<ComboboxOption<string>>> => {
      const variables = getTemplateSrv()
        .getVariables()
        .map((v) => ({ value: `$${v.name}`, description: 'Dashboard variable' }));
      // A failing /values (API down) still leaves variables and custom values to choose from.
      const values = await fieldValues(api, { field, collection }, range).catch(() => []);
      const options = [...variables, ...values.map((v) => ({ value: v.text }))];
      const needle = input.toLowerCase();
      return options.filter((o) => o.value.toLowerCase().includes(needle));
    },
    [api, field, collection, range],
  );
  return (
    <MultiCombobox<string>
      aria-label={label}
      width="auto"
      minWidth={16}
      maxWidth={60}
      placeholder="any"
      createCustomValue
      options={loadOptions}
      value={selected}
      onChange={(options) => onChange(toFilterValue(options.map((o) => o.value)))}
    />
  );
}
