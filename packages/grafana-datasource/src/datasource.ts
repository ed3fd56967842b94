/**
 * The LogCAS datasource: picks a runner per query type, adds log context, logs volume, variables and
 * annotations. HTTP lives in api.ts (always through Grafana's data proxy), frames in frames/.
 */
import {
  CoreApp,
  DataSourceApi,
  LoadingState,
  LogRowContextQueryDirection,
  SupplementaryQueryType,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type DataSourceWithLogsContextSupport,
  type DataSourceWithSupplementaryQueriesSupport,
  type LogRowContextOptions,
  type LogRowModel,
  type MetricFindValue,
  type ScopedVars,
  type SupplementaryQueryOptions,
  type TestDataSourceResponse,
} from '@grafana/data';
import { from, type Observable } from 'rxjs';
import { LogcasApi, LogcasApiError } from './api';
import { logsFrame } from './frames';
import { checkHealth } from './health';
import { interpolateQuery } from './interpolate';
import type { LinkTargets } from './links';
import { runQuery } from './run-query';
import {
  DEFAULT_CONTEXT_SPAN,
  DEFAULT_QUERY,
  DEFAULT_REQUEST_DASHBOARD_UID,
  QUERY_TYPES,
  type InterpolatedQuery,
  type LogcasOptions,
  type LogcasQuery,
  type LogcasVariableQuery,
} from './types';
import { fieldValues, LogcasVariableSupport, parseVariableQuery } from './variables';

/** Query types whose rows are logs: they get log context and a logs volume. */
const LOG_QUERY_TYPES: ReadonlySet<string> = new Set([QUERY_TYPES.logs, QUERY_TYPES.requestDetail]);

export class LogcasDataSource
  extends DataSourceApi<LogcasQuery, LogcasOptions>
  implements DataSourceWithLogsContextSupport<LogcasQuery>, DataSourceWithSupplementaryQueriesSupport<LogcasQuery>
{
  readonly api: LogcasApi;
  private readonly options: LogcasOptions;

  constructor(instanceSettings: DataSourceInstanceSettings<LogcasOptions>) {
    super(instanceSettings);
    this.options = instanceSettings.jsonData ?? {};
    this.api = new LogcasApi(instanceSettings.url ?? '');
    this.variables = new LogcasVariableSupport(this.api);
    this.annotations = {
      // Annotations are WARNING+ logs matching the editor's filters, whatever query type it shows.
      prepareQuery: (annotation) => ({
        ...DEFAULT_QUERY,
        ...(annotation.target ?? {}),
        refId: annotation.target?.refId ?? 'Anno',
        queryType: QUERY_TYPES.annotations,
      }),
    };
  }

  get contextSpan(): number {
    return this.options.contextSpan ?? DEFAULT_CONTEXT_SPAN;
  }

  /** Where data links point, for the frames of a query in `collection`. */
  linkTargets(collection: InterpolatedQuery['collection']): LinkTargets {
    return {
      datasourceUid: this.uid,
      datasourceName: this.name,
      requestDashboardUid: this.options.requestDashboardUid || DEFAULT_REQUEST_DASHBOARD_UID,
      collection: collection ?? this.options.defaultCollection ?? 'live',
      span: this.contextSpan,
    };
  }

  override getDefaultQuery(_app: CoreApp): Partial<LogcasQuery> {
    return { ...DEFAULT_QUERY, collection: this.options.defaultCollection ?? 'live' };
  }

  override filterQuery(query: LogcasQuery): boolean {
    return !query.hide;
  }

  applyTemplateVariables(query: LogcasQuery, scopedVars: ScopedVars): InterpolatedQuery {
    return interpolateQuery(query, scopedVars);
  }

  override query(request: DataQueryRequest<LogcasQuery>): Observable<DataQueryResponse> {
    return from(this.runAll(request));
  }

  /** Runs every visible query; one failing query reports its error without hiding the others' data. */
  private async runAll(request: DataQueryRequest<LogcasQuery>): Promise<DataQueryResponse> {
    const targets = request.targets.filter((t) => this.filterQuery(t));
    const settled = await Promise.allSettled(
      targets.map(async (target) => {
        const query = { ...DEFAULT_QUERY, ...this.applyTemplateVariables(target, request.scopedVars) };
        return runQuery(query, {
          api: this.api,
          links: this.linkTargets(query.collection),
          range: request.range,
          intervalMs: request.intervalMs,
        });
      }),
    );
    const data = settled.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
    const errors: DataQueryError[] = settled.flatMap((result, index) =>
      result.status === 'rejected' ? [toQueryError(result.reason, targets[index]?.refId)] : [],
    );
    if (errors.length === 0) return { data, state: LoadingState.Done };
    return { data, errors, error: errors[0], state: LoadingState.Error };
  }

  // ---- log context: the range window around a row ----

  async getLogRowContext(
    row: LogRowModel,
    options?: LogRowContextOptions,
    query?: LogcasQuery,
  ): Promise<DataQueryResponse> {
    const at = row.timeEpochMs;
    const spanMs = this.contextSpan * 1000;
    const backward = options?.direction !== LogRowContextQueryDirection.Forward;
    const source = query ? interpolateQuery(query, options?.scopedVars) : undefined;
    const collection = source?.collection ?? this.options.defaultCollection;
    const list = await this.api.logs({
      collection,
      from: backward ? at - spanMs : at,
      to: backward ? at : at + spanMs,
      order: backward ? 'desc' : 'asc',
      limit: options?.limit ?? 50,
      minLevel: source?.minLevel,
    });
    const rowId = row.rowId ?? row.dataFrame.fields.find((f) => f.name === 'id')?.values[row.rowIndex];
    const items = list.items.filter((log) => log.id !== rowId);
    return { data: [logsFrame(items, { refId: `context-${row.rowIndex}`, links: this.linkTargets(collection) })] };
  }

  async getLogRowContextQuery(
    row: LogRowModel,
    _options?: LogRowContextOptions,
    query?: LogcasQuery,
  ): Promise<LogcasQuery | null> {
    return {
      refId: `context-${query?.refId ?? 'A'}`,
      queryType: QUERY_TYPES.logs,
      collection: query?.collection ?? this.options.defaultCollection ?? 'live',
      minLevel: query?.minLevel,
      around: new Date(row.timeEpochMs).toISOString(),
      span: this.contextSpan,
      order: 'asc',
      limit: query?.limit ?? DEFAULT_QUERY.limit,
    };
  }

  // ---- logs volume as a supplementary query ----

  getSupportedSupplementaryQueryTypes(): SupplementaryQueryType[] {
    return [SupplementaryQueryType.LogsVolume];
  }

  getSupplementaryQuery(options: SupplementaryQueryOptions, query: LogcasQuery): LogcasQuery | undefined {
    if (options.type !== SupplementaryQueryType.LogsVolume) return undefined;
    if (query.hide || !LOG_QUERY_TYPES.has(query.queryType ?? QUERY_TYPES.logs)) return undefined;
    // Request detail has no time filter of its own, so its volume is the volume of that request's logs.
    const { around: _around, limit: _limit, order: _order, ...filters } = query;
    return { ...filters, refId: `log-volume-${query.refId}`, queryType: QUERY_TYPES.volume, grafanaLevels: true };
  }

  getSupplementaryRequest(
    type: SupplementaryQueryType,
    request: DataQueryRequest<LogcasQuery>,
  ): DataQueryRequest<LogcasQuery> | undefined {
    if (type !== SupplementaryQueryType.LogsVolume) return undefined;
    const targets = request.targets
      .map((query) => this.getSupplementaryQuery({ type }, query))
      .filter((query): query is LogcasQuery => query !== undefined);
    if (targets.length === 0) return undefined;
    return { ...request, targets, requestId: `${request.requestId}_log_volume` };
  }

  // ---- variables, health ----

  /** Legacy variable queries (`host`, `values(service, archive)`) and ad-hoc callers. */
  override async metricFindQuery(
    query: LogcasVariableQuery | string,
    options?: { range?: DataQueryRequest['range'] },
  ): Promise<MetricFindValue[]> {
    const parsed = typeof query === 'string' ? parseVariableQuery(query) : query;
    return fieldValues(this.api, parsed, options?.range);
  }

  override async testDatasource(): Promise<TestDataSourceResponse> {
    return checkHealth(this.api, this.options.apiUrl);
  }
}

/** Any failure of a query → the error Grafana shows on the panel, with the API's own message. */
function toQueryError(error: unknown, refId: string | undefined): DataQueryError {
  if (error instanceof LogcasApiError) return { refId, message: error.message, status: error.status };
  return { refId, message: error instanceof Error ? error.message : String(error) };
}
