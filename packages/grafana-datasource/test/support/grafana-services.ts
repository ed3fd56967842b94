/**
 * A stand-in for the Grafana runtime service that only exists inside Grafana's server-backed page: the
 * backend service (HTTP through the data proxy), installed with Grafana's own setter. Template variables
 * come from a real scene: scene-templates.ts.
 */
import { setBackendSrv, type BackendSrv, type BackendSrvRequest, type FetchResponse } from '@grafana/runtime';
import { from, type Observable } from 'rxjs';

/** What a handler answers: a body with a status (>= 400 becomes a FetchError like Grafana's). */
export interface FakeReply {
  status?: number;
  data: unknown;
}

export type FetchHandler = (request: BackendSrvRequest) => FakeReply | Promise<FakeReply>;

export interface FakeBackend {
  /** Every request made, in order. */
  requests: BackendSrvRequest[];
  /** Replace the handler for the next requests. */
  respond(handler: FetchHandler): void;
}

/** Installs a backend service whose `fetch` asks `handler`; other methods are not used by the plugin. */
export function installBackend(handler: FetchHandler): FakeBackend {
  const state: { handler: FetchHandler; requests: BackendSrvRequest[] } = { handler, requests: [] };
  const fetch = <T>(request: BackendSrvRequest): Observable<FetchResponse<T>> =>
    from(
      (async () => {
        state.requests.push(request);
        const reply = await state.handler(request);
        const status = reply.status ?? 200;
        if (status >= 400 || status === 0) {
          // The shape of Grafana's FetchError.
          throw { status, statusText: statusText(status), data: reply.data, config: request };
        }
        return { data: reply.data as T, status, statusText: 'OK', ok: true, config: request } as FetchResponse<T>;
      })(),
    );
  setBackendSrv({ fetch } as unknown as BackendSrv);
  return {
    requests: state.requests,
    respond(next) {
      state.handler = next;
    },
  };
}

function statusText(status: number): string {
  return (
    (
      {
        0: '',
        400: 'Bad Request',
        401: 'Unauthorized',
        404: 'Not Found',
        502: 'Bad Gateway',
        503: 'Service Unavailable',
      } as Record<number, string>
    )[status] ?? 'Error'
  );
}

/** The parameters a request sent, as a plain object. */
export function paramsOf(request: BackendSrvRequest | undefined): Record<string, unknown> {
  return { ...(request?.params ?? {}) };
}
