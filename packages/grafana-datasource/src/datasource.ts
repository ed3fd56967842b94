/**
 * The LogCAS datasource: reads each query (variables, ad hoc filters, checks: query/read.ts), runs it
 * (query/run.ts), and adds log context, logs volume, Log details filters, variables and annotations.
 * HTTP lives in api.ts (always through Grafana's data proxy), frames in frames/.
 */
import {
  CoreApp,
  DataSourceApi,
  LoadingState,
  LogRowContextQueryDirection,
  SupplementaryQueryType,
  type AdHocVariableFilter,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceGetTagValuesOptions,
  type DataSourceInstanceSettings,
  type DataSourceWithLogsContextSupport,
  type DataSourceWithQueryModificationSupport,
  type DataSourceWithSupplementaryQueriesSupport,
  type DataSourceWithToggleableQueryFiltersSupport,
  type LogRowContextOptions,
  type LogRowModel,
  type MetricFindValue,
  type QueryFilterOptions,
  type QueryFixAction,
  type ScopedVars,
  type SupplementaryQueryOptions,
  type TestDataSourceResponse,
  type ToggleFilterAction,
} from '@grafana/data';
import type { CollectionName } from '@logcas/contract';
import { from, merge, of, type Observable } from 'rxjs';
import { LogcasApi, LogcasApiError } from './api';
import { logsFrame } from './frames';
import { checkHealth } from './health';
import type { LinkTargets } from './links';
import { queryDisplayText } from './query/display';
import { QueryInputError } from './query/errors';
import { resolveQuery } from './query/interpolate';
import { hasFilter, modifyQuery, QUERY_MODIFICATIONS, toggleQueryFilter } from './query/modify';
import { followLogs } from './query/live';
import { readQuery, withDefaults } from './query/read';
import { queryFilters, runQuery } from './query/run';
import {
  DEFAULT_CONTEXT_SPAN,
  DEFAULT_QUERY,
  DEFAULT_REQUEST_DASHBOARD_UID,
  EXCLUDABLE_FILTERS,
  QUERY_TYPES,
  type ExcludableFilter,
  type LogcasOptions,
  type LogcasQuery,
  type LogcasVariableQuery,
} from './types';
import { fieldValues, LogcasVariableSupport, readVariableQuery } from './variables';

/** Query types whose rows are logs: they get log context and a logs volume. */
const LOG_QUERY_TYPES: ReadonlySet<string> = new Set([QUERY_TYPES.logs, QUERY_TYPES.requestDetail]);

export class LogcasDataSource
  extends DataSourceApi<LogcasQuery, LogcasOptions>
  implements
    DataSourceWithLogsContextSupport<LogcasQuery>,
    DataSourceWithSupplementaryQueriesSupport<LogcasQuery>,
    DataSourceWithQueryModificationSupport<LogcasQuery>,
    DataSourceWithToggleableQueryFiltersSupport<LogcasQuery>
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

  private get defaultCollection(): CollectionName {
    return this.options.defaultCollection ?? 'live';
  }

  /** Where data links point, for the frames of a query in `collection`. */
  linkTargets(collection: CollectionName | undefined): LinkTargets {
    return {
      datasourceUid: this.uid,
      datasourceName: this.name,
      requestDashboardUid: this.options.requestDashboardUid || DEFAULT_REQUEST_DASHBOARD_UID,
      collection: collection ?? this.defaultCollection,
      span: this.contextSpan,
    };
  }

  override getDefaultQuery(_app: CoreApp): Partial<LogcasQuery> {
    return { ...DEFAULT_QUERY, collection: this.defaultCollection };
  }

  override filterQuery(query: LogcasQuery): boolean {
    return !query.hide;
  }

  /**
   * The query with dashboard variables and ad hoc filters applied, in the shape the editor edits. What
   * Explore receives from a dashboard panel; values that cannot run stay visible there and fail with a
   * message when run.
   */
  applyTemplateVariables(query: LogcasQuery, scopedVars: ScopedVars, filters?: AdHocVariableFilter[]): LogcasQuery {
    return resolveQuery(query, scopedVars, filters, () => undefined);
  }

  override interpolateVariablesInQueries(
    queries: LogcasQuery[],
    scopedVars: ScopedVars,
    filters?: AdHocVariableFilter[],
  ): LogcasQuery[] {
    return queries.map((query) => ({
      ...this.applyTemplateVariables(query, scopedVars, filters),
      datasource: query.datasource ?? this.getRef(),
    }));
  }

  /**
   * Runs the visible queries. Logs queries in Explore's live mode, or with "Follow" on, stream their new logs
   * (query/live.ts); the others answer once.
   */
  override query(request: DataQueryRequest<LogcasQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.filter((t) => this.filterQuery(t));
    const follows = (target: LogcasQuery): boolean =>
      (target.queryType ?? QUERY_TYPES.logs) === QUERY_TYPES.logs &&
      (request.liveStreaming === true || target.live === true);
    const live = targets.filter(follows);
    if (live.length === 0) return from(this.runAll(request, targets));
    const once = targets.filter((target) => !follows(target));
    return merge(
      ...(once.length > 0 ? [from(this.runAll(request, once))] : []),
      ...live.map((target) => this.follow(request, target)),
    );
  }

  private read(request: DataQueryRequest<LogcasQuery>, target: LogcasQuery) {
    return readQuery(target, {
      scopedVars: request.scopedVars,
      filters: request.filters,
      defaults: { collection: this.defaultCollection },
    });
  }

  private follow(request: DataQueryRequest<LogcasQuery>, target: LogcasQuery): Observable<DataQueryResponse> {
    try {
      const query = this.read(request, target);
      if (query.collection === 'archive') {
        throw new QueryInputError('Live tail follows the live logs: the archive is filled by archive runs. Pick Live.');
      }
      return followLogs(query, {
        api: this.api,
        links: this.linkTargets(query.collection),
        requestId: `${request.requestId}_${target.refId}`,
        filters: queryFilters(query),
      });
    } catch (error) {
      const failure = toQueryError(error, target.refId);
      return of({ data: [], errors: [failure], error: failure, state: LoadingState.Error });
    }
  }

  /** Runs queries once; one failing query reports its error without hiding the others' data. */
  private async runAll(request: DataQueryRequest<LogcasQuery>, targets: LogcasQuery[]): Promise<DataQueryResponse> {
    const shared = new Map<string, Promise<unknown>>();
    const settled = await Promise.allSettled(
      targets.map(async (target) => {
        const query = this.read(request, target);
        return runQuery(query, {
          api: this.api,
          links: this.linkTargets(query.collection),
          range: request.range,
          intervalMs: request.intervalMs,
          requestId: `${request.requestId}_${target.refId}`,
          shared,
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

  // ---- log context: the range window around a row, in the query's collection and from its minimum level ----

  async getLogRowContext(
    row: LogRowModel,
    options?: LogRowContextOptions,
    query?: LogcasQuery,
  ): Promise<DataQueryResponse> {
    const at = row.timeEpochMs;
    const spanMs = this.contextSpan * 1000;
    const backward = options?.direction !== LogRowContextQueryDirection.Forward;
    const source = readQuery(
      { refId: query?.refId ?? 'A', collection: query?.collection, minLevel: query?.minLevel },
      { scopedVars: options?.scopedVars, defaults: { collection: this.defaultCollection } },
    );
    const list = await this.api.logs({
      collection: source.collection,
      from: backward ? at - spanMs : at,
      to: backward ? at : at + spanMs,
      order: backward ? 'desc' : 'asc',
      limit: options?.limit ?? 50,
      minLevel: source.minLevel,
    });
    const rowId = row.rowId ?? row.dataFrame.fields.find((f) => f.name === 'id')?.values[row.rowIndex];
    const items = list.items.filter((log) => log.id !== rowId);
    const links = this.linkTargets(source.collection);
    return { data: [logsFrame(items, { refId: `context-${row.rowIndex}`, links })] };
  }

  async getLogRowContextQuery(
    row: LogRowModel,
    options?: LogRowContextOptions,
    query?: LogcasQuery,
  ): Promise<LogcasQuery | null> {
    const source = this.applyTemplateVariables(
      withDefaults(
        { refId: query?.refId ?? 'A', collection: query?.collection, minLevel: query?.minLevel },
        {
          collection: this.defaultCollection,
        },
      ),
      options?.scopedVars ?? {},
    );
    return {
      refId: `context-${source.refId}`,
      queryType: QUERY_TYPES.logs,
      collection: source.collection,
      minLevel: source.minLevel,
      around: new Date(row.timeEpochMs).toISOString(),
      span: this.contextSpan,
      order: 'asc',
      limit: DEFAULT_QUERY.limit,
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
    const { around: _around, limit: _limit, order: _order, span: _span, ...filters } = query;
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

  // ---- Log details filters, ad hoc filters, query history ----

  getSupportedQueryModifications(): string[] {
    return [...QUERY_MODIFICATIONS];
  }

  override modifyQuery(query: LogcasQuery, action: QueryFixAction): LogcasQuery {
    return modifyQuery(query, action);
  }

  toggleQueryFilter(query: LogcasQuery, filter: ToggleFilterAction): LogcasQuery {
    return toggleQueryFilter(query, filter);
  }

  queryHasFilter(query: LogcasQuery, filter: QueryFilterOptions): boolean {
    return hasFilter(query, filter);
  }

  /** Ad hoc filter keys: the filters whose values /values lists (instance has too many to list). */
  override async getTagKeys(): Promise<MetricFindValue[]> {
    return EXCLUDABLE_FILTERS.filter((key) => key !== 'instance').map((key) => ({ text: key, value: key }));
  }

  override async getTagValues(options: DataSourceGetTagValuesOptions<LogcasQuery>): Promise<MetricFindValue[]> {
    const key = options.key as ExcludableFilter;
    if (key === 'instance' || !EXCLUDABLE_FILTERS.includes(key)) return [];
    return fieldValues(this.api, { field: key, collection: this.defaultCollection }, options.timeRange);
  }

  override getQueryDisplayText(query: LogcasQuery): string {
    return queryDisplayText(query);
  }

  // ---- variables, health ----

  /** Legacy variable queries (`host`, `values(service, archive)`) and ad hoc callers. */
  override async metricFindQuery(
    query: LogcasVariableQuery | string,
    options?: { range?: DataQueryRequest['range'] },
  ): Promise<MetricFindValue[]> {
    return fieldValues(this.api, readVariableQuery(query), options?.range);
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
