import { gzipSync } from 'node:zlib';
import { encode } from '@msgpack/msgpack';
import { startForwardListener, type ForwardEvent, type ForwardListener } from '../src/ingest/forward/listener';
import type { Store } from '../src/store/connection';
import { openTestStore } from './archive-helpers';
import { useTestDatabase } from './support/database';
import { client, eventTime, fluentRecord, str32 } from './support/forward-client';

describe('forward listener on a real socket, storing into the real server', () => {
  const testDb = useTestDatabase();
  let store: Store;
  let listener: ForwardListener;
  const events: ForwardEvent[] = [];

  beforeAll(async () => {
    store = await openTestStore(testDb);
    listener = await startForwardListener({ store, port: 0, onEvent: (event) => events.push(event) });
  });
  afterAll(async () => {
    await listener.close();
  });

  async function waitForCount(filter: Record<string, unknown>, count: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if ((await store.logs().countDocuments(filter)) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`never saw ${count} logs matching ${JSON.stringify(filter)}`);
  }

  it('stores Message mode records without an ack when no chunk is asked', async () => {
    const c = await client(listener.port);
    c.send(encode(['openstack.nova-compute', 1795517000, fluentRecord(1)]));
    c.send(
      encode([
        'openstack.nova-compute',
        eventTime(new Date('2026-11-24T10:43:20.500Z')),
        fluentRecord(2, { time: undefined }),
      ]),
    );
    c.socket.end();
    await c.closed;
    await waitForCount({ message: /forward test message [12]$/ }, 2);
    const one = await store.logs().findOne({ message: 'forward test message 1' });
    expect(one).toMatchObject({
      host: 'compute-2',
      service: 'nova-compute',
      logger: 'nova.compute.manager',
      level: 20,
    });
    expect(one?.requestId).toBe('req-00000001-aaaa-bbbb-cccc-000000000000');
    expect(one?.source).toEqual({ channel: 'forward' });
    // A record with no time of its own takes the EventTime.
    const two = await store.logs().findOne({ message: 'forward test message 2' });
    expect(two?.ts.toISOString()).toBe('2026-11-24T10:43:20.500Z');
  });

  it('acknowledges a Message mode chunk only once its record is stored', async () => {
    const c = await client(listener.port);
    c.send(encode(['openstack.nova-api', 1795517000, fluentRecord(3, { level: 'WARNING' }), { chunk: 'chunk-msg-3' }]));
    expect(await c.reply()).toEqual({ ack: 'chunk-msg-3' });
    expect(await store.logs().findOne({ message: 'forward test message 3' })).toMatchObject({
      level: 30,
      service: 'nova-api',
    });
    c.socket.end();
  });

  it('stores Forward mode entries with EventTime, and a redelivered chunk adds nothing', async () => {
    const c = await client(listener.port);
    const entries = [4, 5, 6].map((n) => [eventTime(new Date()), fluentRecord(n)]);
    const bytes = encode(['openstack.neutron-server', entries, { chunk: 'chunk-fwd', size: 3 }]);
    c.send(bytes);
    expect(await c.reply()).toEqual({ ack: 'chunk-fwd' });
    expect(await store.logs().countDocuments({ message: /forward test message [456]$/ })).toBe(3);
    c.send(bytes);
    expect(await c.reply()).toEqual({ ack: 'chunk-fwd' });
    expect(await store.logs().countDocuments({ message: /forward test message [456]$/ })).toBe(3);
    c.socket.end();
  });

  it('stores PackedForward streams sent as bin and as str', async () => {
    const c = await client(listener.port);
    const stream = (ns: number[]): Uint8Array =>
      Buffer.concat(ns.map((n) => encode([eventTime(new Date()), fluentRecord(n)])));
    c.send(encode(['openstack.cinder-volume', stream([7, 8]), { chunk: 'packed-bin' }]));
    expect(await c.reply()).toEqual({ ack: 'packed-bin' });
    c.send(
      Buffer.concat([
        Buffer.from([0x93]),
        encode('openstack.cinder-volume'),
        str32(stream([9, 10])),
        encode({ chunk: 'packed-str' }),
      ]),
    );
    expect(await c.reply()).toEqual({ ack: 'packed-str' });
    expect(
      await store.logs().countDocuments({ service: 'cinder-volume', message: /forward test message (7|8|9|10)$/ }),
    ).toBe(4);
    c.socket.end();
  });

  it('stores CompressedPackedForward made of several gzip members', async () => {
    const c = await client(listener.port);
    const member = (ns: number[]): Buffer =>
      gzipSync(Buffer.concat(ns.map((n) => encode([1795517000.25, fluentRecord(n)]))));
    const compressed = Buffer.concat([member([11, 12]), member([13])]);
    c.send(encode(['openstack.keystone', compressed, { compressed: 'gzip', chunk: 'gz-1' }]));
    expect(await c.reply()).toEqual({ ack: 'gz-1' });
    expect(await store.logs().countDocuments({ service: 'keystone', message: /forward test message 1[123]$/ })).toBe(3);
    c.socket.end();
  });

  it('stores the good records of a message with bad ones, and reports the bad ones', async () => {
    const before = listener.stats().rejected;
    const c = await client(listener.port);
    const entries = [
      [1795517000, fluentRecord(14)],
      [1795517000, { level: 'INFO', time: '2026-11-24T10:41:00' }],
      [1795517000, 'not a map'],
      'not an entry',
      [1795517000, fluentRecord(15, { level: 'LOUD' })],
      [1795517000, fluentRecord(16)],
    ];
    c.send(encode(['openstack.nova-conductor', entries, { chunk: 'mixed' }]));
    expect(await c.reply()).toEqual({ ack: 'mixed' });
    expect(await store.logs().countDocuments({ service: 'nova-conductor' })).toBe(2);
    expect(listener.stats().rejected - before).toBe(4);
    // One report for the message, quoting its reasons.
    const reports = events.filter(
      (e): e is Extract<ForwardEvent, { type: 'rejected' }> =>
        e.type === 'rejected' && e.tag === 'openstack.nova-conductor',
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]?.count).toBe(4);
    expect(reports[0]?.reasons.join('\n')).toMatch(/not a \[time, record\] pair|not a map/);
    c.socket.end();
  });

  it('closes a connection that sends a malformed stream, stores what came before it, and keeps serving', async () => {
    const before = listener.stats().protocolErrors;
    const c = await client(listener.port);
    c.send(encode(['openstack.glance-api', 1795517000, fluentRecord(17)]));
    c.send(Buffer.from([0xc1, 0xc1, 0xc1])); // 0xc1 is never used in msgpack
    await c.closed;
    await waitForCount({ service: 'glance-api' }, 1);
    const wrongShape = await client(listener.port);
    wrongShape.send(encode({ not: 'a forward message' }));
    await wrongShape.closed;
    expect(listener.stats().protocolErrors - before).toBe(2);
    const next = await client(listener.port);
    next.send(encode(['openstack.glance-api', 1795517000, fluentRecord(18), { chunk: 'after' }]));
    expect(await next.reply()).toEqual({ ack: 'after' });
    next.socket.end();
  });

  it('stores a large Forward batch from one connection', async () => {
    const c = await client(listener.port);
    const entries = Array.from({ length: 3000 }, (_u, i) => [
      1795517000 + i / 1000,
      fluentRecord(100000 + i, { hostname: 'compute-3', context: { request_id: `req-big-${i % 10}` } }),
    ]);
    c.send(encode(['openstack.nova-compute', entries, { chunk: 'big' }]));
    expect(await c.reply()).toEqual({ ack: 'big' });
    expect(await store.logs().countDocuments({ host: 'compute-3' })).toBe(3000);
    c.socket.end();
  });

  it('closes connections over the cap on arrival and idle ones after the idle timeout, and counts both', async () => {
    const small = await startForwardListener({ store, port: 0, limits: { maxConnections: 2, idleTimeoutMs: 300 } });
    try {
      const [a, b] = [await client(small.port), await client(small.port)];
      const over = await client(small.port);
      expect(await over.reply()).toBeUndefined();
      // A busy connection is not idle: one that keeps sending outlives several timeouts.
      for (let n = 0; n < 6; n += 1) {
        a.send(encode(['openstack.busy', 1795517000, fluentRecord(40 + n), { chunk: `busy-${n}` }]));
        expect(await a.reply()).toEqual({ ack: `busy-${n}` });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await b.reply()).toBeUndefined();
      expect(await a.reply()).toBeUndefined();
      for (let i = 0; i < 40 && small.stats().openConnections > 0; i += 1) await new Promise((r) => setTimeout(r, 50));
      expect(small.stats()).toMatchObject({ refused: 1, timeouts: 2, openConnections: 0 });
    } finally {
      await small.close();
    }
  });

  it('closes, unacknowledged, a message with more entries than the limit', async () => {
    const small = await startForwardListener({ store, port: 0, limits: { maxEntries: 10 } });
    try {
      const entries = Array.from({ length: 11 }, (_u, i) => [1795517000, fluentRecord(60 + i, { hostname: 'over' })]);
      const forward = await client(small.port);
      forward.send(encode(['openstack.over', entries, { chunk: 'over-forward' }]));
      expect(await forward.reply()).toBeUndefined();
      const packed = await client(small.port);
      const stream = Buffer.concat(entries.map((entry) => encode(entry)));
      packed.send(encode(['openstack.over', stream, { chunk: 'over-packed' }]));
      expect(await packed.reply()).toBeUndefined();
      expect(small.stats().protocolErrors).toBe(2);
      const ten = await client(small.port);
      ten.send(encode(['openstack.over', entries.slice(0, 10), { chunk: 'ten' }]));
      expect(await ten.reply()).toEqual({ ack: 'ten' });
      ten.socket.end();
    } finally {
      await small.close();
    }
  });
});
