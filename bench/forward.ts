/**
 * Forward listener benchmark.
 *   decode: frames of each carrier mode → forward entries, in memory (the listener's own cost per record);
 *   end to end: a client sends N oslo.log FluentFormatter records over a real socket into the real database.
 *   npx tsx bench/forward.ts [--records N] [--no-write]     (MONGODB_URI, default the test FerretDB)
 */
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { decodeMulti, decodeMultiStream, encode } from '@msgpack/msgpack';
import { startForwardListener } from '../packages/core/src/ingest/forward/listener';
import { forwardExtensionCodec, readForwardMessage } from '../packages/core/src/ingest/forward/protocol';
import { openStore, type Store } from '../packages/core/src/store/connection';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive whole number`);
  return value;
}

function fluentRecord(n: number): Record<string, unknown> {
  return {
    message: `Instance ${n} spawned successfully in 12.${n % 100} seconds`,
    time: new Date(1795517000000 + n).toISOString(),
    name: 'nova.compute.manager',
    level: 'INFO',
    filename: 'manager.py',
    lineno: 2100,
    module: 'manager',
    funcname: '_build_and_run_instance',
    process_name: 'MainProcess',
    hostname: 'compute-2',
    traceback: null,
    context: { request_id: `req-${Math.floor(n / 4)}-aaaa-bbbb-cccc-000000000000`, user: 'u1', project: 'p1' },
    extra: { project: 'demo', version: 'unknown' },
  };
}

const TAG = 'openstack.nova-compute';
type Mode = 'message' | 'forward' | 'packed' | 'compressed';

/** The byte stream a client of `mode` sends for `count` records (chunks of 1000 records). */
function stream(mode: Mode, count: number, first = 0): Buffer {
  const frames: Uint8Array[] = [];
  for (let start = first; start < first + count; start += 1000) {
    const ns = Array.from({ length: Math.min(1000, first + count - start) }, (_u, i) => start + i);
    if (mode === 'message') {
      for (const n of ns) frames.push(encode([TAG, 1795517000 + n / 1000, fluentRecord(n)]));
      continue;
    }
    const entries = ns.map((n) => [1795517000 + n / 1000, fluentRecord(n)]);
    const packed = () => Buffer.concat(entries.map((entry) => encode(entry)));
    const option = { chunk: `chunk-${start}`, size: ns.length };
    if (mode === 'forward') frames.push(encode([TAG, entries, option]));
    if (mode === 'packed') frames.push(encode([TAG, packed(), option]));
    if (mode === 'compressed') frames.push(encode([TAG, gzipSync(packed()), { ...option, compressed: 'gzip' }]));
  }
  return Buffer.concat(frames);
}

function decodeAll(bytes: Buffer): number {
  let entries = 0;
  for (const value of decodeMulti(bytes, { rawStrings: true, extensionCodec: forwardExtensionCodec })) {
    entries += readForwardMessage(value).entries.length;
  }
  return entries;
}

async function endToEnd(store: Store, mode: Mode, count: number, first: number): Promise<number> {
  const listener = await startForwardListener({ store, port: 0 });
  const bytes = stream(mode, count, first);
  const start = process.hrtime.bigint();
  const socket = connect(listener.port, '127.0.0.1');
  // One last message with a chunk: its ack means everything before it on this connection is stored.
  socket.write(Buffer.concat([bytes, encode([TAG, 1795517000, fluentRecord(first + count), { chunk: 'last' }])]));
  for await (const reply of decodeMultiStream(socket)) {
    if ((reply as { ack?: string }).ack === 'last') break;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  socket.destroy();
  await listener.close();
  return seconds;
}

const per = (count: number, seconds: number, unit: string): string =>
  `${Math.round(count / seconds).toLocaleString('en-US')} ${unit}/s`;

async function main(): Promise<void> {
  const count = flag('--records', 20000);
  const modes: Mode[] = ['message', 'forward', 'packed', 'compressed'];
  const lines = [`node ${process.version}; decode: ${count * 5} records per mode, in memory`];
  for (const mode of modes) {
    const bytes = stream(mode, count * 5);
    decodeAll(bytes); // warm up
    const start = process.hrtime.bigint();
    const entries = decodeAll(bytes);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(
      `decode ${mode.padEnd(10)} ${per(entries, seconds, 'records')}  ${per(bytes.length / 1048576, seconds, 'MiB')}`,
    );
  }
  const uri = process.env.MONGODB_URI || 'mongodb://127.0.0.1:27117/';
  const store = await openStore({ mongodbUri: uri, database: `logcas_bench_forward_${process.pid}` });
  try {
    lines.push(
      `end to end: ${count} records per mode through a socket into ${store.capabilities.server} ${store.capabilities.version}`,
    );
    let first = 0;
    for (const mode of modes) {
      const seconds = await endToEnd(store, mode, count, first);
      first += count + 1;
      console.log(`end to end ${mode.padEnd(10)} ${seconds.toFixed(2)} s  ${per(count, seconds, 'records')}`);
    }
  } finally {
    await store.db.dropDatabase().catch(() => undefined);
    await store.close();
  }
  for (const line of lines) console.log(line);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
