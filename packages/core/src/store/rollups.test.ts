import { requestDeltas, requestDocument, requestUpdate, volumeBucketId, volumeDeltas } from './rollups';

type Log = Parameters<typeof requestDeltas>[0] extends Iterable<infer T> ? T : never;

function log(ms: number, fields: Partial<Log> = {}): Log {
  return {
    ts: new Date(Date.UTC(2026, 10, 24, 10, 41, 0) + ms),
    level: 20,
    levelName: 'INFO',
    host: 'compute-1',
    service: 'nova-compute',
    requestId: 'req-a',
    globalRequestId: null,
    userId: null,
    projectId: null,
    domain: null,
    userDomain: null,
    projectDomain: null,
    userName: null,
    projectName: null,
    remoteAddress: null,
    httpMethod: null,
    httpPath: null,
    httpStatus: null,
    ...fields,
  };
}

describe('rollup builders', () => {
  it('folds a batch into one delta per request, whatever the order of its logs', () => {
    const logs = [
      log(500, { level: 40, levelName: 'ERROR', host: 'compute-2', userId: 'u-b' }),
      log(0, { service: 'nova-api', userId: 'u-a', httpStatus: 500 }),
      log(900),
      log(100, { requestId: null }),
    ];
    const forward = requestDeltas(logs);
    const backward = requestDeltas([...logs].reverse());
    expect([...forward.keys()]).toEqual(['req-a']);
    expect(requestDocument(forward.get('req-a')!)).toEqual({
      ...requestDocument(backward.get('req-a')!),
      services: expect.arrayContaining(['nova-api', 'nova-compute']),
      hosts: expect.arrayContaining(['compute-1', 'compute-2']),
    });
    expect(requestDocument(forward.get('req-a')!)).toMatchObject({
      _id: 'req-a',
      start: log(0).ts,
      end: log(900).ts,
      durationMs: 900,
      count: 3,
      levelCounts: { INFO: 2, ERROR: 1 },
      maxLevel: 40,
      // Conflicting identity values keep the greatest, as `$max` does in the server.
      userId: 'u-b',
      httpStatus: 500,
      projectId: null,
    });
  });

  it('builds an update of $min/$max/$inc/$addToSet, nulls for unknown fields and the batch duration', () => {
    const update = requestUpdate(requestDeltas([log(0), log(250, { userName: 'demo' })]).get('req-a')!) as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.keys(update).sort()).toEqual(['$addToSet', '$inc', '$max', '$min', '$set']);
    expect(update.$inc).toEqual({ count: 2, 'levelCounts.INFO': 2 });
    expect(update.$max).toMatchObject({ userName: 'demo', userId: null, maxLevel: 20 });
    expect(update.$set).toEqual({ durationMs: 250 });
  });

  it('counts logs per minute, service, host and level', () => {
    const deltas = volumeDeltas([log(0), log(59_999), log(60_000), log(1, { level: 30, levelName: 'WARNING' })]);
    const minute = new Date(Date.UTC(2026, 10, 24, 10, 41));
    expect(deltas.get(volumeBucketId(minute, 'nova-compute', 'compute-1', 20))?.count).toBe(2);
    expect(deltas.get(volumeBucketId(minute, 'nova-compute', 'compute-1', 30))?.count).toBe(1);
    const next = new Date(minute.getTime() + 60_000);
    expect(deltas.get(volumeBucketId(next, 'nova-compute', 'compute-1', 20))?.count).toBe(1);
    expect(deltas.size).toBe(3);
  });
});
