/** Dashboard variables: distinct hosts, services, projects, users or levels in the dashboard time range. */
import {
  CustomVariableSupport,
  createDataFrame,
  FieldType,
  type DataQueryRequest,
  type DataQueryResponse,
  type MetricFindValue,
  type TimeRange,
} from '@grafana/data';
import type { CollectionName, ValuesField } from '@logcas/contract';
import { from, type Observable } from 'rxjs';
import { LogcasApi } from './api';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import type { LogcasDataSourceApi, LogcasVariableQuery } from './types';

const VALUE_FIELDS: readonly ValuesField[] = ['host', 'service', 'project', 'user', 'level'];

/** Reads a legacy text variable query: `host`, `values(service)` or `values(host, archive)`. */
export function parseVariableQuery(text: string): Omit<LogcasVariableQuery, 'refId'> {
  const match = /^\s*(?:values\(\s*)?([a-z]+)\s*(?:,\s*(live|archive)\s*)?\)?\s*$/i.exec(text);
  const field = match?.[1]?.toLowerCase() as ValuesField | undefined;
  if (!field || !VALUE_FIELDS.includes(field)) {
    throw new Error(`Unknown variable query "${text}": use one of ${VALUE_FIELDS.join(', ')}, e.g. values(host)`);
  }
  return { field, collection: (match?.[2]?.toLowerCase() as CollectionName | undefined) ?? 'live' };
}

/** Distinct values of `field` as variable options. */
export async function fieldValues(
  api: LogcasApi,
  query: Omit<LogcasVariableQuery, 'refId'>,
  range: TimeRange | undefined,
): Promise<MetricFindValue[]> {
  const response = await api.values(query.field, {
    collection: query.collection,
    from: range?.from.valueOf(),
    to: range?.to.valueOf(),
  });
  return response.values.map((value) => ({ text: String(value), value }));
}

/** Grafana's custom variable support: our own editor, values as a `text` frame. */
export class LogcasVariableSupport extends CustomVariableSupport<LogcasDataSourceApi, LogcasVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly api: LogcasApi) {
    super();
  }

  query(request: DataQueryRequest<LogcasVariableQuery>): Observable<DataQueryResponse> {
    const target = request.targets[0];
    const run = async (): Promise<DataQueryResponse> => {
      if (!target) return { data: [] };
      const values = await fieldValues(this.api, { field: target.field, collection: target.collection }, request.range);
      return {
        data: [
          createDataFrame({
            refId: target.refId,
            fields: [{ name: 'text', type: FieldType.string, values: values.map((v) => v.text) }],
          }),
        ],
      };
    };
    return from(run());
  }
}
