// Live tail against the fake proxy: cursors, reconnects without gaps or repeats, the bounded buffer, stopping.
import { LoadingState, type DataFrame, type DataQueryResponse } from '@grafana/data';
import type { BackendSrvRequest } from '@grafana/runtime';
import { firstValueFrom, take, toArray } from 'rxjs';
import { dataRequest, instanceSettings, log } from '../../test/support/fixtures';
import { installBackend, paramsOf, type FakeReply } from '../../test/support/grafana-services';
import { installDashboardVariables } from '../../test/support/scene-templates';
import { LogcasDataSource } from '../datasource';
import { LiveBuffer } from './live';

beforeAll(async () => {
  await installDashboardVariables([
    { name: 'host', type: 'custom', query: 'compute-1', current: { value: 'compute-1' } },
  ]);
});

const ids = (response: DataQueryResponse): unknown[] =>
  Array.from((response.data[0] as DataFrame).fields.find((f) => f.name === 'id')?.values ?? []);

/** A tail API: answers each call in turn; records the calls. */
function tailApi(answers: Array<(request: BackendSrvRequest) => FakeReply>) {
  let call = 0;
  return installBackend((request) => {
    const answer = answers[Math.min(call, answers.length - 1)]!;
    call += 1;
    return answer(request);
  });
}

const page = (items: string[], cursor: string) => () => ({ data: { items: items.map((id) => log({ id })), cursor } });

test('Explore live mode follows the query: cursor after cursor, rows appended, streaming state', async () => {
  const backend = tailApi([page(['a', 'b'], 'c1'), page(['c'], 'c2'), page(['d', 'e'], 'c3')]);
  const ds = new LogcasDataSource(instanceSettings());
  const stream = ds.query(dataRequest([{ refId: 'A', host: '$host', limit: 100 }], { liveStreaming: true }));
  const responses = await firstValueFrom(stream.pipe(take(3), toArray()));
  expect(responses.map((r) => r.state)).toEqual([
    LoadingState.Streaming,
    LoadingState.Streaming,
    LoadingState.Streaming,
  ]);
  expect(responses.map(ids)).toEqual([
    ['a', 'b'],
    ['a', 'b', 'c'],
    ['a', 'b', 'c', 'd', 'e'],
  ]);
  expect(backend.requests[0]!.url).toMatch(/\/api\/v1\/logs\/tail$/);
  expect(paramsOf(backend.requests[0])).toEqual({ host: ['compute-1'], wait: 0, limit: 100 });
  expect(paramsOf(backend.requests[1])).toMatchObject({ cursor: 'c1', wait: 20 });
  expect(paramsOf(backend.requests[2])).toMatchObject({ cursor: 'c2' });
  // No time range: a tail has none.
  expect(paramsOf(backend.requests[0])).not.toHaveProperty('from');
});

test('after a failed call it retries from the same cursor: no gap, no repeat, the error shown meanwhile', async () => {
  const backend = tailApi([
    page(['a'], 'c1'),
    () => ({ status: 502, data: { message: 'Bad Gateway' } }),
    page(['a', 'b'], 'c2'),
  ]);
  const ds = new LogcasDataSource(instanceSettings());
  const stream = ds.query(dataRequest([{ refId: 'A', live: true }], { app: 'dashboard' }));
  const responses = await firstValueFrom(stream.pipe(take(3), toArray()));
  expect(responses[1]!.errors?.[0]?.message).toMatch(
    /^LogCAS API error 502: Bad Gateway \(live tail retries in 1 s\)$/,
  );
  expect(paramsOf(backend.requests[2])).toMatchObject({ cursor: 'c1' });
  // `a` came again from the API: it is shown once.
  expect(ids(responses[2]!)).toEqual(['a', 'b']);
}, 10000);

test('stopping the stream stops calling the API', async () => {
  const backend = tailApi([page(['a'], 'c1'), page(['b'], 'c2')]);
  const ds = new LogcasDataSource(instanceSettings());
  await firstValueFrom(ds.query(dataRequest([{ refId: 'A' }], { liveStreaming: true })).pipe(take(1)));
  const calls = backend.requests.length;
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(backend.requests.length).toBeLessThanOrEqual(calls + 1);
  expect(backend.requests.at(-1)!.abortSignal?.aborted).toBe(true);
});

test('queries that do not follow are answered once, next to the live ones', async () => {
  tailApi([
    (request) =>
      request.url.endsWith('/tail')
        ? { data: { items: [log({ id: 'live-1' })], cursor: 'c1' } }
        : { data: { from: '', to: '', step: 60, levels: [], buckets: [] } },
  ]);
  const ds = new LogcasDataSource(instanceSettings());
  const request = dataRequest([
    { refId: 'A', live: true },
    { refId: 'B', queryType: 'volume', live: true },
  ]);
  const responses = await firstValueFrom(ds.query(request).pipe(take(2), toArray()));
  expect(responses.map((r) => r.state).sort()).toEqual([LoadingState.Done, LoadingState.Streaming].sort());
});

test('the buffer keeps the newest rows, each once', () => {
  const buffer = new LiveBuffer(3);
  expect(buffer.add([log({ id: '1' }), log({ id: '2' })])).toBe(2);
  expect(buffer.add([log({ id: '2' }), log({ id: '3' }), log({ id: '4' })])).toBe(2);
  expect(buffer.logs.map((l) => l.id)).toEqual(['2', '3', '4']);
  // An id that left the buffer may come back (the API never repeats one; this is only the bound).
  expect(buffer.add([log({ id: '1' })])).toBe(1);
});

test('the archive is not followed: a clear error instead of a stream', async () => {
  const backend = tailApi([page(['a'], 'c1')]);
  const ds = new LogcasDataSource(instanceSettings());
  const response = await firstValueFrom(
    ds.query(dataRequest([{ refId: 'A', collection: 'archive' }], { liveStreaming: true })),
  );
  expect(backend.requests).toHaveLength(0);
  expect(response.errors?.[0]?.message).toMatch(/^Live tail follows the live logs/);
});
