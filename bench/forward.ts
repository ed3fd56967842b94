/**
 * Forward listener benchmark.
 *   decode: frames of each carrier mode → forward entries, in memory (the listener's own cost per record);
 *   end to end: a client sends N oslo.log FluentFormatter records over a real socket into the real database.
 *   npx tsx bench/forward.ts [--records N]     (MONGODB_URI, default the test FerretDB); figures in bench/RESULTS.md
 */
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { decodeMultiStream, encode } from '@msgpack/msgpack';
import { entrySlices } from '../packages/core/src/ingest/forward/entries';
import { DEFAULT_FORWARD_LIMITS as LIMITS } from '../packages/core/src/ingest/forward/limits';
import { startForwardListener } from '../packages/core/src/ingest/forward/listener';
import { MsgpackSplitter } from '../packages/core/src/ingest/forward/msgpack-frames';
import { readForwardFrame } from '../packages/core/src/ingest/forward/protocol';
import { openStore, type Store } from '../packages/core/src/store/connection';
import { flag } from './support';

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

const ENTRY = { maxBytes: LIMITS.maxFrameBytes, maxDepth: LIMITS.maxDepth };

/** What the listener does with a socket's bytes (64 KiB reads) before storing: frames → entries. */
async function decodeAll(bytes: Buffer): Promise<number> {
  const splitter = new MsgpackSplitter({ maxBytes: LIMITS.maxFrameBytes, maxDepth: LIMITS.maxDepth + 3 });
  const limits = { maxEntries: LIMITS.maxEntries, maxInflatedBytes: LIMITS.maxInflatedBytes, entry: ENTRY };
  let entries = 0;
  for (let pos = 0; pos < bytes.length; pos += 65536) {
    for (const frame of splitter.push(bytes.subarray(pos, pos + 65536))) {
      const parsed = readForwardFrame(frame, ENTRY);
      if (parsed.kind === 'heartbeat') continue;
      for await (const slice of entrySlices(parsed.entries, limits)) entries += slice.entries.length;
    }
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
  console.log(`node ${process.version}; decode: ${count * 5} records per mode, in memory`);
  for (const mode of modes) {
    const bytes = stream(mode, count * 5);
    await decodeAll(bytes); // warm up
    const start = process.hrtime.bigint();
    const entries = await decodeAll(bytes);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const rates = `${per(entries, seconds, 'records')}  ${per(bytes.length / 1048576, seconds, 'MiB')}`;
    console.log(`decode ${mode.padEnd(10)} ${rates}`);
  }
  const uri = process.env.MONGODB_URI || 'mongodb://127.0.0.1:27117/';
  const store = await openStore({ mongodbUri: uri, database: `logcas_bench_forward_${process.pid}` });
  try {
    const server = `${store.capabilities.server} ${store.capabilities.version}`;
    console.log(`end to end: ${count} records per mode through a socket into ${server}`);
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
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
