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
import { QueryInputError } from './query/errors';
import { DEFAULT_VARIABLE_QUERY, type LogcasDataSourceApi, type LogcasVariableQuery } from './types';

const VALUE_FIELDS: readonly ValuesField[] = ['host', 'service', 'project', 'user', 'level'];

/** What a variable query asks for, once read. */
export type ValuesQuery = Required<Pick<LogcasVariableQuery, 'field' | 'collection'>>;

/** Reads the text form of a variable query: `host`, `values(service)` or `values(host, archive)`. */
export function parseVariableQuery(text: string): ValuesQuery {
  if (text.trim() === '') {
    throw new QueryInputError(
      `The variable query is empty: choose the values (${VALUE_FIELDS.join(', ')}) or write e.g. values(host)`,
    );
  }
  const match = /^\s*(?:values\(\s*)?([a-z]+)\s*(?:,\s*(live|archive)\s*)?\)?\s*$/i.exec(text);
  const field = match?.[1]?.toLowerCase() as ValuesField | undefined;
  if (!field || !VALUE_FIELDS.includes(field)) {
    throw new QueryInputError(
      `Unknown variable query "${text}": use one of ${VALUE_FIELDS.join(', ')}, e.g. values(host)`,
    );
  }
  return { field, collection: (match?.[2]?.toLowerCase() as CollectionName | undefined) ?? 'live' };
}

/**
 * Any form a variable query arrives in: the editor's object; the object of a variable whose editor was
 * never touched (no field: the editor shows, and this reads, the default); the text form as a string, or
 * inside `query` (what Grafana keeps from a variable first made with a text query).
 */
export function readVariableQuery(query: LogcasVariableQuery | string | { query?: unknown }): ValuesQuery {
  if (typeof query === 'string') return parseVariableQuery(query);
  const legacy = (query as { query?: unknown }).query;
  const object = query as LogcasVariableQuery;
  if (object.field === undefined && typeof legacy === 'string') return parseVariableQuery(legacy);
  const field = object.field ?? DEFAULT_VARIABLE_QUERY.field;
  if (!VALUE_FIELDS.includes(field as ValuesField)) {
    throw new QueryInputError(`Unknown variable field "${String(field)}": use one of ${VALUE_FIELDS.join(', ')}`);
  }
  return { field: field as ValuesField, collection: object.collection ?? DEFAULT_VARIABLE_QUERY.collection ?? 'live' };
}

/** Distinct values of a field as variable options. */
export async function fieldValues(
  api: LogcasApi,
  query: ValuesQuery,
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
      if (target === undefined) return { data: [] };
      const values = await fieldValues(this.api, readVariableQuery(target), request.range);
      return {
        data: [
          createDataFrame({
            refId: typeof target === 'string' ? 'variable' : target.refId,
            fields: [{ name: 'text', type: FieldType.string, values: values.map((v) => v.text) }],
          }),
        ],
      };
    };
    return from(run());
  }
}
