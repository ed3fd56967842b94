/**
 * The forward port under attack, served by a real `logcas serve --forward` process so its memory can be read
 * from /proc: gzip bombs, huge, truncated and garbage frames, a flood of bad records, more idle connections
 * than the cap. Throughout, a well-behaved client on its own connection keeps sending acknowledged chunks,
 * the API keeps answering, and at the end every acknowledged record is in the database and the server's peak
 * memory grew by far less than the attacks would have cost without the limits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import { encode } from '@msgpack/msgpack';
import { freePort } from '../../../scripts/local-server';
import { useTestDatabase } from './support/database';
import { client, fluentRecord, type Client } from './support/forward-client';
import { waitFor } from './support/wait';

const MAIN = resolve(__dirname, '../src/cli/main.ts');
const MiB = 1 << 20;
// Small limits so the attacks cross them quickly; docs/forward.md gives the defaults.
const LIMITS = {
  LOGCAS_FORWARD_MAX_FRAME: '4MiB',
  LOGCAS_FORWARD_MAX_INFLATED: '16MiB',
  LOGCAS_FORWARD_MAX_CONNECTIONS: '40',
  LOGCAS_FORWARD_MAX_BUFFERED: '32MiB',
  LOGCAS_FORWARD_IDLE_TIMEOUT: '3',
};
/** Peak memory growth allowed: the limits above hold about 32 MiB; any attack alone would cost 100 MiB to 300 MiB. */
const MAX_GROWTH_MIB = 160;

/** Peak and current resident memory of a process, in MiB (Linux /proc). */
function memory(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024;
  return { peak: field('VmHWM'), now: field('VmRSS') };
}

/** Gzip of `count` copies of `unit`, compressed as a stream (the test never holds the inflated bytes). */
async function gzipRepeated(unit: Uint8Array, count: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (part: Buffer) => parts.push(part));
  const done = new Promise((resolve) => gzip.once('end', resolve));
  for (let i = 0; i < count; i += 1) {
    if (!gzip.write(unit)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(parts);
}

/** Sends bytes and waits for the server to close the connection; returns the replies it sent first. */
async function sendUntilClosed(port: number, bytes: Uint8Array | Uint8Array[]): Promise<unknown[]> {
  const c = await client(port);
  for (const part of Array.isArray(bytes) ? bytes : [bytes]) {
    if (c.socket.destroyed) break;
    c.send(part);
  }
  const replies: unknown[] = [];
  for (let reply = await c.reply(); reply !== undefined; reply = await c.reply()) replies.push(reply);
  await c.closed;
  return replies;
}

describe('the forward port of `logcas serve` under hostile input', () => {
  const testDb = useTestDatabase();
  let serve: ChildProcess;
  let stderr = '';
  let apiPort: number;
  let forwardPort: number;
  let baseline: { peak: number; now: number };
  const good = { sent: 0, acked: 0, running: true, done: Promise.resolve() };

  const logs = () => testDb.db.collection('logs');
  const health = async (): Promise<number> => {
    const response = await fetch(`http://127.0.0.1:${apiPort}/api/v1/health`, { signal: AbortSignal.timeout(5000) });
    return response.status;
  };

  /** A Fluentd-like client: one chunk of 20 records every 50 ms, each waiting for its ack. */
  async function goodTraffic(): Promise<void> {
    let connection: Client = await client(forwardPort);
    while (good.running) {
      const first = 100_000 + good.sent;
      const entries = Array.from({ length: 20 }, (_u, i) => [
        1795517000,
        fluentRecord(first + i, { hostname: 'good-host' }),
      ]);
      connection.send(encode(['openstack.good-service', entries, { chunk: `good-${first}` }]));
      const reply = (await connection.reply()) as { ack?: string } | undefined;
      if (reply?.ack !== `good-${first}`)
        throw new Error(`good client got ${JSON.stringify(reply)} instead of its ack`);
      good.sent += 20;
      good.acked += 20;
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (connection.socket.destroyed) connection = await client(forwardPort);
    }
    connection.socket.end();
  }

  beforeAll(async () => {
    apiPort = await freePort();
    forwardPort = await freePort();
    serve = spawn(
      process.execPath,
      ['--import', 'tsx', MAIN, 'serve', '--port', String(apiPort), '--forward', String(forwardPort)],
      {
        env: { ...process.env, MONGODB_URI: testDb.uri, LOGCAS_DB: testDb.name, ...LIMITS },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    serve.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    for (let i = 0; i < 240 && !stderr.includes('Fluentd forward listener on'); i += 1) {
      if (serve.exitCode !== null) throw new Error(`logcas serve exited ${serve.exitCode}:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await health()).toBe(200);
    // Warm up every path once (decode, parse, store, ack) so the baseline is the running server's.
    const warm = await client(forwardPort);
    const entries = Array.from({ length: 2000 }, (_u, i) => [1795517000, fluentRecord(i, { hostname: 'warm-up' })]);
    warm.send(encode(['openstack.warm-up', entries, { chunk: 'warm' }]));
    expect(await warm.reply()).toEqual({ ack: 'warm' });
    warm.socket.end();
    baseline = memory(serve.pid as number);
    good.done = goodTraffic();
  });

  afterAll(async () => {
    good.running = false;
    await good.done.catch(() => undefined);
    if (serve && serve.exitCode === null) {
      serve.kill('SIGTERM');
      await new Promise((resolve) => serve.once('exit', resolve));
    }
  });

  afterEach(async () => {
    expect(serve.exitCode).toBeNull();
    expect(await health()).toBe(200);
  });

  it('abandons a gzip bomb (300 MiB of entries in a 300 KiB message) at the inflated limit, unacknowledged', async () => {
    // Each entry is valid msgpack but no [time, record] pair, so nothing of it would be stored anyway.
    const unit = encode(['not an entry', 'A'.repeat(256 * 1024)]);
    const bomb = await gzipRepeated(unit, 1200);
    expect(bomb.length).toBeLessThan(MiB);
    const replies = await sendUntilClosed(
      forwardPort,
      encode(['openstack.bomb', bomb, { compressed: 'gzip', chunk: 'bomb' }]),
    );
    expect(replies).toEqual([]);
    expect(stderr).toMatch(/tag openstack\.bomb\) refused: compressed entries inflate past the 16 MiB limit/);
  });

  it('stops inflating an entry that announces 1 GiB inside the gzip stream', async () => {
    const header = Buffer.from([0x92, 0xce, 0x6a, 0, 0, 0, 0xdb, 0x40, 0, 0, 0]); // [time, str32 of 1 GiB ...
    const bomb = await gzipRepeated(Buffer.concat([header, Buffer.alloc(MiB, 0x41)]), 8);
    await sendUntilClosed(forwardPort, encode(['openstack.bomb2', bomb, { compressed: 'gzip', chunk: 'bomb2' }]));
    expect(stderr).toMatch(
      /tag openstack\.bomb2\) refused: compressed entries are not a msgpack stream: value larger than the 4 MiB limit/,
    );
  });

  it('closes a frame that announces 100 MiB at its header, and one that grows past the limit', async () => {
    const header = Buffer.from([0x93, 0xa4, ...Buffer.from('huge'), 0xc6, 0x06, 0x40, 0, 0]); // bin32 of 100 MiB
    const body = Array.from({ length: 8 }, () => Buffer.alloc(MiB, 0x42));
    expect(await sendUntilClosed(forwardPort, [header, ...body])).toEqual([]);
    const entries = Array.from({ length: 3000 }, (_u, i) => [1795517000, { message: `${i} ${'x'.repeat(2000)}` }]);
    expect(await sendUntilClosed(forwardPort, encode(['openstack.growing', entries, { chunk: 'growing' }]))).toEqual(
      [],
    );
    expect(stderr.match(/malformed forward stream: value larger than the 4 MiB limit/g)?.length).toBe(2);
    expect(await logs().countDocuments({ service: 'growing' })).toBe(0);
  });

  it('stores what came before a truncated frame and garbage, then closes those connections', async () => {
    const whole = encode(['openstack.truncated', 1795517000, fluentRecord(1, { hostname: 'truncated' })]);
    const cut = encode(['openstack.truncated', 1795517000, fluentRecord(2, { hostname: 'truncated' })]);
    const c = await client(forwardPort);
    c.send(Buffer.concat([whole, cut.subarray(0, cut.length / 2)]));
    c.socket.end();
    await c.closed;
    await sendUntilClosed(forwardPort, randomBytes(MiB));
    await sendUntilClosed(forwardPort, Buffer.from('{"tag":"json is not the forward protocol"}\n'));
    for (let i = 0; i < 100 && (await logs().countDocuments({ host: 'truncated' })) < 1; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await logs().countDocuments({ host: 'truncated' })).toBe(1);
    // The listener says why it closed once the stream's end reaches it, which may come after the store.
    await waitFor(
      async () => /stream ended in the middle of a message/.test(stderr),
      'the truncated stream logged',
      10_000,
    );
    expect(stderr).toMatch(/stream ended in the middle of a message/);
  });

  it('stores the good records of 500 messages with a bad one each, logging at most 10 lines per 10 s', async () => {
    const linesBefore = stderr.split('\n').length;
    const started = Date.now();
    const c = await client(forwardPort);
    for (let m = 0; m < 500; m += 1) {
      const entries = [
        [1795517000, fluentRecord(200_000 + m, { hostname: 'flood' })],
        [1795517000, fluentRecord(300_000 + m, { level: 'NOT-A-LEVEL' })],
      ];
      c.send(encode(['openstack.flood', entries, { chunk: `flood-${m}` }]));
    }
    const acks = new Set<string>();
    while (acks.size < 500) acks.add(((await c.reply()) as { ack: string }).ack);
    c.socket.end();
    expect(await logs().countDocuments({ host: 'flood' })).toBe(500);
    const newLines = stderr
      .split('\n')
      .slice(linesBefore - 1)
      .filter((line) => line.includes('rejected'));
    expect(newLines.length).toBeGreaterThan(0);
    // 10 lines and one summary per 10 s interval the flood touched (one, unless the machine is very busy).
    const intervals = Math.ceil((Date.now() - started) / 10_000) + 1;
    expect(newLines.length).toBeLessThanOrEqual(Math.min(11 * intervals, 50));
  });

  it('refuses connections over the cap, closes idle ones, and then serves a new client', async () => {
    const closed: Array<Promise<void>> = [];
    let closedCount = 0;
    for (let i = 0; i < 150; i += 1) {
      const socket: Socket = connect(forwardPort, '127.0.0.1');
      socket.on('error', () => undefined);
      closed.push(new Promise((resolve) => socket.once('close', () => resolve(void (closedCount += 1)))));
    }
    // The API answers while they are open (afterEach checks again).
    expect(await health()).toBe(200);
    // Over the cap (40, one held by the good client) they are closed on arrival, well before the idle timeout...
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(closedCount).toBeGreaterThanOrEqual(150 - 39);
    expect(closedCount).toBeLessThan(150);
    // ...and the rest once idle for 3 s.
    await Promise.all(closed);
    const fresh = await client(forwardPort);
    fresh.send(
      encode(['openstack.after-idle', 1795517000, fluentRecord(7, { hostname: 'after-idle' }), { chunk: 'fresh' }]),
    );
    expect(await fresh.reply()).toEqual({ ack: 'fresh' });
    fresh.socket.end();
  });

  it('kept storing and acknowledging the good client throughout, with bounded memory', async () => {
    good.running = false;
    await good.done;
    expect(good.acked).toBeGreaterThan(0);
    expect(await logs().countDocuments({ host: 'good-host' })).toBe(good.acked);
    const after = memory(serve.pid as number);
    const growth = after.peak - baseline.peak;
    console.log(
      `forward-hostile: logcas serve RSS ${baseline.now.toFixed(0)} MiB after warm-up (peak ${baseline.peak.toFixed(0)}), ` +
        `peak ${after.peak.toFixed(0)} MiB after the attacks (+${growth.toFixed(0)} MiB), now ${after.now.toFixed(0)} MiB`,
    );
    expect(growth).toBeLessThan(MAX_GROWTH_MIB);
  });
});
