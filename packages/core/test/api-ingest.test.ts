/** POST /ingest (NDJSON or a JSON array of structured records) and POST /archive, through the app. */
import type { ApiApp } from '../src/api/types';
import { appForTest, getJson, storeForTest } from './support/api-fixtures';
import { useTestDatabase } from './support/database';

const REQ = 'req-aaaaaaaa-0000-4000-8000-000000000001';

// oslo.log JSONFormatter output, as nova writes it.
function osloJson(seconds: number, levelname: string, message: string): Record<string, unknown> {
  return {
    message,
    asctime: '2026-11-24 10:00:00,000',
    name: 'nova.compute.manager',
    msg: message,
    args: [],
    levelname,
    levelno: levelname === 'ERROR' ? 40 : 20,
    pathname: '/opt/stack/nova/nova/compute/manager.py',
    filename: 'manager.py',
    module: 'manager',
    lineno: 2452,
    funcname: '_build_and_run_instance',
    created: 1795514400 + seconds,
    msecs: 0,
    relative_created: 1000,
    thread: 1,
    thread_name: 'MainThread',
    process_name: 'MainProcess',
    process: 4021,
    traceback: null,
    hostname: 'compute-1',
    error_summary: '',
    context: { request_id: REQ, global_request_id: null, user: 'u1', project: 'p1', auth_token: 'gAAAAsecret' },
    extra: { project: 'p1', version: 'unknown' },
  };
}

describe('POST /ingest and POST /archive', () => {
  const testDb = useTestDatabase();
  let app: ApiApp;

  beforeAll(async () => {
    app = await appForTest(await storeForTest(testDb.client, testDb.db));
  });

  afterAll(async () => {
    await app?.close();
  });

  const post = (payload: string, contentType = 'application/x-ndjson', query = '') =>
    app.inject({ method: 'POST', url: `/api/v1/ingest${query}`, headers: { 'content-type': contentType }, payload });

  it('stores NDJSON records, reports bad lines by index and keeps the good ones', async () => {
    const lines = [
      JSON.stringify(osloJson(1, 'INFO', 'Claim successful on node compute-1')),
      '{not json',
      JSON.stringify({ levelname: 'INFO' }),
      '',
      JSON.stringify(osloJson(2, 'ERROR', 'Instance failed to spawn')),
      JSON.stringify([1, 2]),
    ];
    const response = await post(lines.join('\n'), 'application/x-ndjson', '?service=nova-compute');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.inserted).toBe(2);
    expect(body.duplicates).toBe(0);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 4]);
    for (const rejected of body.rejected) expect(typeof rejected.reason).toBe('string');

    const logs = await getJson(app, '/logs', { requestId: REQ });
    expect(logs.body.items.map((l: { message: string }) => l.message)).toEqual([
      'Claim successful on node compute-1',
      'Instance failed to spawn',
    ]);
    expect(logs.body.items[0]).toMatchObject({
      host: 'compute-1',
      service: 'nova-compute',
      userId: 'u1',
      projectId: 'p1',
    });
    expect(JSON.stringify(logs.body)).not.toContain('gAAAAsecret');
    const detail = await getJson(app, `/requests/${REQ}`);
    expect(detail.body.request).toMatchObject({ count: 2, maxLevelName: 'ERROR' });
  });

  it('accepts a JSON array, and the same records again are duplicates', async () => {
    const records = [
      osloJson(1, 'INFO', 'Claim successful on node compute-1'),
      osloJson(3, 'INFO', 'Took 3.1 seconds to build instance.'),
    ];
    const response = await post(JSON.stringify(records), 'application/json', '?service=nova-compute');
    expect(response.json()).toEqual({ inserted: 1, duplicates: 1, rejected: [] });
  });

  it('accepts one pretty-printed record', async () => {
    const record = osloJson(4, 'INFO', 'Terminating instance');
    const response = await post(JSON.stringify(record, null, 2), 'application/json', '?service=nova-compute');
    expect(response.json()).toEqual({ inserted: 1, duplicates: 0, rejected: [] });
  });

  it('rejects an empty body, a broken array and unknown parameters with 400', async () => {
    for (const [payload, parameter] of [
      ['', 'body'],
      ['[{"message": "x"', 'body'],
    ]) {
      const response = await post(payload as string);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.parameter).toBe(parameter);
    }
    const unknown = await post('{}', 'application/x-ndjson', '?hostname=x');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.parameter).toBe('hostname');
  });

  it('runs the archive once and the archive views show what it copied', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/archive' });
    expect(response.statusCode).toBe(200);
    const counts = response.json();
    expect(counts.triggers).toBeGreaterThanOrEqual(1);
    expect(counts.logsCopied).toBe(4);
    expect(counts.requestsCopied).toBe(1);
    const archived = await getJson(app, '/logs', { collection: 'archive', minLevel: 'TRACE' });
    expect(archived.body.total).toBe(4);
    const request = await getJson(app, `/requests/${REQ.slice(4)}`, { collection: 'archive' });
    expect(request.status).toBe(200);
    expect(request.body.logs).toHaveLength(4);
  });
});
