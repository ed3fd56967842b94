/**
 * The two Grafana core services a dashboard scene calls and that ship only inside Grafana: the datasource
 * service (here: one datasource, the provisioned uid) and runRequest (here: the datasource's own query —
 * or a variable support's — turned into PanelData, errors included, as Grafana's runRequest does).
 */
import {
  LoadingState,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type PanelData,
} from '@grafana/data';
import { setDataSourceSrv, setRunRequest, type DataSourceSrv } from '@grafana/runtime';
import { catchError, from, map, of, type Observable } from 'rxjs';

export function installDataSource(ds: DataSourceApi, settings: DataSourceInstanceSettings): void {
  const matches = (ref: unknown): boolean => {
    if (ref === null || ref === undefined) return true;
    const uid = typeof ref === 'string' ? ref : (ref as { uid?: string }).uid;
    return uid === undefined || uid === ds.uid || uid === ds.name;
  };
  const srv: DataSourceSrv = {
    get: async (ref: unknown) => {
      if (!matches(ref)) throw new Error(`no datasource ${JSON.stringify(ref)} in this Grafana`);
      return ds;
    },
    getList: () => [settings],
    getInstanceSettings: (ref: unknown) => (matches(ref) ? settings : undefined),
    reload: async () => undefined,
    registerRuntimeDataSource: () => undefined,
  } as unknown as DataSourceSrv;
  setDataSourceSrv(srv);
}

type QueryFunction = (request: DataQueryRequest) => Observable<DataQueryResponse> | Promise<DataQueryResponse>;

export function installRunRequest(): void {
  setRunRequest((ds, request, queryFunction?: QueryFunction) => {
    const run = queryFunction ?? ((r: DataQueryRequest) => ds.query(r));
    return from(run(request)).pipe(
      map((response): PanelData => ({
        state: response.state ?? (response.errors?.length ? LoadingState.Error : LoadingState.Done),
        series: response.data,
        errors: response.errors,
        error: response.error,
        timeRange: request.range,
        request,
      })),
      catchError((error: unknown) =>
        of({
          state: LoadingState.Error,
          series: [],
          errors: [{ message: error instanceof Error ? error.message : String(error) }],
          timeRange: request.range,
          request,
        } satisfies PanelData),
      ),
    );
  });
}
