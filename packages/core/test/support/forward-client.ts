/** Forward-protocol clients and records for the listener tests: raw sockets that send exact bytes. */
import { connect, type Socket } from 'node:net';
import { decodeMultiStream, ExtData } from '@msgpack/msgpack';
import { EVENT_TIME_TYPE, EventTime } from '../../src/ingest/forward/protocol';

/** A record as oslo.log's FluentFormatter makes it. */
export function fluentRecord(n: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
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

export function eventTime(date: Date): ExtData {
  return new ExtData(EVENT_TIME_TYPE, EventTime.fromDate(date, 789).toBytes());
}

export interface Client {
  socket: Socket;
  send(bytes: Uint8Array): void;
  /** The next reply from the listener (an ack map, or a handshake message); undefined once the connection is gone. */
  reply(): Promise<unknown>;
  closed: Promise<void>;
}

export async function client(port: number, host = '127.0.0.1'): Promise<Client> {
  const socket = connect(port, host);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  const replies = decodeMultiStream(socket)[Symbol.asyncIterator]();
  return {
    socket,
    send: (bytes) => socket.write(bytes),
    reply: async () => {
      try {
        return (await replies.next()).value;
      } catch {
        return undefined; // reset by the server
      }
    },
    closed,
  };
}

/** msgpack `str 32` header + bytes: how legacy clients send a PackedForward stream. */
export function str32(bytes: Uint8Array): Uint8Array {
  const head = Buffer.alloc(5);
  head[0] = 0xdb;
  head.writeUInt32BE(bytes.length, 1);
  return Buffer.concat([head, bytes]);
}
