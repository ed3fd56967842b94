/**
 * Fluentd Forward protocol v1 messages → (tag, [time, record] entries, chunk). Pure: no sockets, no database.
 *   Message                 [tag, time, record, option?]
 *   Forward                 [tag, [[time, record], ...], option?]
 *   PackedForward           [tag, <bin|str: msgpack stream of [time, record]>, option?]
 *   CompressedPackedForward the same with option.compressed = 'gzip' (one or more gzip members back to back)
 * Time is an integer or float (seconds) or EventTime (ext type 0: uint32 seconds, uint32 nanoseconds, big-endian).
 * The outer stream is decoded with raw strings so a PackedForward stream sent as `str` keeps its bytes;
 * strings elsewhere are turned back into text here.
 */
import { gunzipSync } from 'node:zlib';
import { decodeMulti, ExtensionCodec } from '@msgpack/msgpack';
import { ParseError } from '../../errors';

export interface ForwardEntry {
  time: Date;
  record: Record<string, unknown>;
}

export interface ForwardMessage {
  tag: string;
  entries: ForwardEntry[];
  /** The `chunk` option: the client wants `{ ack: chunk }` once the entries are stored. */
  chunk: string | null;
  /** Entries that were not a [time, record] pair, with the reason, so the listener can count them. */
  invalid: string[];
}

export const EVENT_TIME_TYPE = 0;

/** Codec for Fluentd's EventTime; decoding yields a Date (nanoseconds beyond the millisecond are dropped). */
export const forwardExtensionCodec = new ExtensionCodec();
forwardExtensionCodec.register({
  type: EVENT_TIME_TYPE,
  encode: (input: unknown) => (input instanceof EventTime ? input.toBytes() : null),
  decode: (data: Uint8Array) => {
    if (data.length !== 8) throw new ParseError(`EventTime must be 8 bytes, got ${data.length}`);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    return new Date(view.getUint32(0) * 1000 + Math.floor(view.getUint32(4) / 1e6));
  },
});

/** An EventTime to send (clients and tests): seconds and nanoseconds. */
export class EventTime {
  constructor(
    readonly seconds: number,
    readonly nanoseconds: number,
  ) {}

  static fromDate(date: Date, extraNanoseconds = 0): EventTime {
    const ms = date.getTime();
    return new EventTime(Math.floor(ms / 1000), (ms % 1000) * 1e6 + extraNanoseconds);
  }

  toBytes(): Uint8Array {
    const bytes = new Uint8Array(8);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, this.seconds);
    view.setUint32(4, this.nanoseconds);
    return bytes;
  }
}

const textDecoder = new TextDecoder();

/** Reads one decoded top-level value; throws ParseError when it is not a forward message at all. */
export function readForwardMessage(value: unknown): ForwardMessage {
  if (!Array.isArray(value) || value.length < 2 || value.length > 4) {
    throw new ParseError('forward message must be an array [tag, time|entries, ...]');
  }
  const tag = asText(value[0]);
  if (typeof tag !== 'string' || tag.length === 0)
    throw new ParseError('forward message tag must be a non-empty string');
  const second = value[1];
  if (isTime(second)) {
    // Message mode: [tag, time, record, option?]
    const option = readOption(value[3]);
    const entries: ForwardEntry[] = [];
    const invalid: string[] = [];
    collectEntry([second, value[2]], entries, invalid);
    return { tag, entries, chunk: option.chunk, invalid };
  }
  const option = readOption(value[2]);
  if (value.length > 3) throw new ParseError('forward/packed forward message must have at most 3 elements');
  let rawEntries: unknown[];
  if (Array.isArray(second)) {
    rawEntries = second;
  } else if (second instanceof Uint8Array) {
    rawEntries = unpackEntries(second, option.compressed);
  } else {
    throw new ParseError('forward message second element must be a time, an array of entries or a packed stream');
  }
  const entries: ForwardEntry[] = [];
  const invalid: string[] = [];
  for (const entry of rawEntries) collectEntry(entry, entries, invalid);
  return { tag, entries, chunk: option.chunk, invalid };
}

function unpackEntries(bytes: Uint8Array, compressed: string | null): unknown[] {
  let stream = bytes;
  if (compressed !== null) {
    if (compressed !== 'gzip')
      throw new ParseError(`unsupported compression ${JSON.stringify(compressed)} (only gzip)`);
    try {
      // Node's gunzip reads every member of a multi-member gzip stream.
      stream = gunzipSync(bytes);
    } catch (error) {
      throw new ParseError(`compressed packed forward entries are not valid gzip: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  try {
    return [...decodeMulti(stream, { extensionCodec: forwardExtensionCodec })];
  } catch (error) {
    throw new ParseError(`packed forward entries are not a msgpack stream: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function collectEntry(entry: unknown, entries: ForwardEntry[], invalid: string[]): void {
  if (!Array.isArray(entry) || entry.length !== 2) {
    invalid.push('entry is not a [time, record] pair');
    return;
  }
  const time = toDate(entry[0]);
  if (!time) {
    invalid.push('entry time is not a number or EventTime');
    return;
  }
  const record = textify(entry[1]);
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    invalid.push('entry record is not a map');
    return;
  }
  entries.push({ time, record: record as Record<string, unknown> });
}

function readOption(value: unknown): { chunk: string | null; compressed: string | null } {
  if (value === undefined || value === null) return { chunk: null, compressed: null };
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    throw new ParseError('forward message option must be a map');
  }
  const option = value as Record<string, unknown>;
  const chunk = asText(option.chunk);
  const compressed = asText(option.compressed);
  return {
    chunk: typeof chunk === 'string' && chunk.length > 0 ? chunk : null,
    compressed: typeof compressed === 'string' ? compressed : null,
  };
}

function isTime(value: unknown): boolean {
  return typeof value === 'number' || value instanceof Date;
}

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return new Date(Math.round(value * 1000));
  return null;
}

function asText(value: unknown): unknown {
  return value instanceof Uint8Array ? textDecoder.decode(value) : value;
}

/** Raw strings (Uint8Array) back to text, at any depth. */
function textify(value: unknown): unknown {
  if (value instanceof Uint8Array) return textDecoder.decode(value);
  if (Array.isArray(value)) return value.map(textify);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = textify(inner);
    return out;
  }
  return value;
}
