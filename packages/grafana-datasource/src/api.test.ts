import { PROXY_URL } from '../test/support/fixtures';
import { installBackend } from '../test/support/grafana-services';
import { LogcasApi, LogcasApiError, toApiError, withoutEmpty } from './api';

test('every URL is below the data proxy route of the datasource', () => {
  const api = new LogcasApi(PROXY_URL);
  expect(api.url('/logs')).toBe(`${PROXY_URL}/api/api/v1/logs`);
});

test('request ids are escaped into the path', async () => {
  const backend = installBackend(() => ({ data: { request: {}, logs: [], related: [] } }));
  await new LogcasApi(PROXY_URL).requestDetail('req-1/../../x', { collection: 'archive' });
  expect(backend.requests[0]?.url).toBe(`${PROXY_URL}/api/api/v1/requests/req-1%2F..%2F..%2Fx`);
  expect(backend.requests[0]?.params).toEqual({ collection: 'archive' });
  expect(backend.requests[0]?.showErrorAlert).toBe(false);
});

test('empty and undefined parameters are not sent; lists stay lists (repeated parameters)', () => {
  expect(withoutEmpty({ a: undefined, b: '', c: 0, d: false, e: 'x', f: [], g: ['', 'y', 'z'] })).toEqual({
    c: 0,
    d: false,
    e: 'x',
    g: ['y', 'z'],
  });
});

describe('toApiError', () => {
  test.each([
    [
      { status: 404, data: { error: { code: 'NOT_FOUND', message: 'no request req-9' } } },
      'LogCAS API error 404: no request req-9',
      'NOT_FOUND',
    ],
    [{ status: 502, data: { message: 'Bad Gateway' } }, 'LogCAS API error 502: Bad Gateway', undefined],
    [{ status: 500, data: 'upstream closed' }, 'LogCAS API error 500: upstream closed', undefined],
    [
      { status: 503, statusText: 'Service Unavailable', data: null },
      'LogCAS API error 503: Service Unavailable',
      undefined,
    ],
    [{ status: 0, data: undefined, message: 'Failed to fetch' }, 'LogCAS API error: Failed to fetch', undefined],
  ])('%j', (fetchError, message, code) => {
    const error = toApiError({ config: { url: '' }, ...fetchError });
    expect(error).toBeInstanceOf(LogcasApiError);
    expect(error.message).toBe(message);
    expect(error.code).toBe(code);
    expect(error.status).toBe(fetchError.status);
  });

  test('anything else is "unreachable"', () => {
    expect(toApiError(new TypeError('NetworkError')).message).toBe('LogCAS API unreachable: NetworkError');
  });
});

test('a failing fetch rejects with the mapped error', async () => {
  installBackend(() => ({ status: 400, data: { error: { code: 'VALIDATION', message: 'unknown parameter "hots"' } } }));
  await expect(new LogcasApi(PROXY_URL).logs({})).rejects.toThrow('LogCAS API error 400: unknown parameter "hots"');
});
