import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { decodeMultiStream, encode, ExtData } from '@msgpack/msgpack';
import { startForwardListener, type ForwardEvent, type ForwardListener } from '../src/ingest/forward/listener';
import { EVENT_TIME_TYPE, EventTime } from '../src/ingest/forward/protocol';
import type { Store } from '../src/store/connection';
import { useTestDatabase } from './support/database';
import { openTestStore } from './archive-helpers';

/** A record as oslo.log's FluentFormatter makes it. */
function fluentRecord(n: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    message: `forward test message ${n}`,
    time: `2026-11-24T10:41:${String(n % 60).padStart(2, '0')}.123456`,
    name: 'nova.compute.manager',
    level: 'INFO',
    filename: 'manager.py',
    lineno: 2100 + n,
    module: 'manager',
    funcname: '_build_and_run_instance',
    process_name: 'MainProcess',
    hostname: 'compute-2',
    traceback: null,
    context: { request_id: `req-${String(n).padStart(8, '0')}-aaaa-bbbb-cccc-000000000000`, user: 'u1', project: 'p1' },
    extra: { project: 'demo', version: 'unknown' },
    ...fields,
  };
}

function eventTime(date: Date): ExtData {
  return new ExtData(EVENT_TIME_TYPE, EventTime.fromDate(date, 789).toBytes());
}

interface Client {
  socket: Socket;
  send(bytes: Uint8Array): void;
  /** The next reply from the listener (an ack map). */
  reply(): Promise<unknown>;
  closed: Promise<void>;
}

async function client(port: number): Promise<Client> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  const replies = decodeMultiStream(socket)[Symbol.asyncIterator]();
  return {
    socket,
    send: (bytes) => socket.write(bytes),
    reply: async () => (await replies.next()).value,
    closed,
  };
}

/** msgpack `str 32` header + bytes: how legacy clients send a PackedForward stream. */
function str32(bytes: Uint8Array): Uint8Array {
  const head = Buffer.alloc(5);
  head[0] = 0xdb;
  head.writeUInt32BE(bytes.length, 1);
  return Buffer.concat([head, bytes]);
}

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
    const reasons = events
      .filter((e): e is Extract<ForwardEvent, { type: 'rejected' }> => e.type === 'rejected')
      .map((e) => e.reason);
    expect(reasons.join('\n')).toMatch(/message/);
    expect(reasons.join('\n')).toMatch(/LOUD/);
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
});
