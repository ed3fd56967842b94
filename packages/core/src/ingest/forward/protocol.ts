/**
 * Fluentd Forward protocol v1 messages, read from one whole frame (see msgpack-frames.ts). Pure: no sockets,
 * no database.
 *   Message                 [tag, time, record, option?]
 *   Forward                 [tag, [[time, record], ...], option?]
 *   PackedForward           [tag, <bin|str: msgpack stream of [time, record]>, option?]
 *   CompressedPackedForward the same with option.compressed = 'gzip' (one or more gzip members back to back)
 *   heartbeat               nil
 * Time is an integer or float (seconds) or EventTime (ext type 0: uint32 seconds, uint32 nanoseconds, big-endian).
 * Only the frame's outline is decoded here (tag, option, where the entries are); entries are decoded one at a
 * time by entries.ts, so a large message never becomes one large array of objects.
 */
import { Decoder, ExtensionCodec } from '@msgpack/msgpack';
import { ParseError } from '../../errors';
import { readHeader, valueEnd, type ValueLimits } from './msgpack-frames';

export interface ForwardEntry {
  time: Date;
  record: Record<string, unknown>;
}

/** Entries of one message (or of one slice of a large one) as records.ts maps them. */
export interface ForwardMessage {
  tag: string;
  entries: ForwardEntry[];
  /** The `chunk` option: the client wants `{ ack: chunk }` once the entries are stored. */
  chunk: string | null;
  /** Entries that were not a [time, record] pair, with the reason, so the listener can count them. */
  invalid: string[];
}

/** Where a message's entries are, still encoded. */
export type EncodedEntries =
  | { mode: 'message'; time: Uint8Array; record: Uint8Array }
  /** `bytes` holds `count` entries back to back (the elements of the Forward array). */
  | { mode: 'forward'; bytes: Uint8Array; count: number }
  | { mode: 'packed'; bytes: Uint8Array }
  | { mode: 'compressed'; bytes: Uint8Array };

export type ForwardFrame =
  { kind: 'heartbeat' } | { kind: 'events'; tag: string; chunk: string | null; entries: EncodedEntries };

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

const decoder = new Decoder({ extensionCodec: forwardExtensionCodec });

/** Reads the outline of one frame; throws ParseError when it is not a forward message at all. */
export function readForwardFrame(frame: Uint8Array, limits: ValueLimits): ForwardFrame {
  if (frame.length === 1 && frame[0] === 0xc0) return { kind: 'heartbeat' };
  const outline = arrayHeader(frame, 0);
  if (!outline || outline.count < 2 || outline.count > 4) {
    throw new ParseError('forward message must be an array [tag, time|entries, ...]');
  }
  const values: Array<{ start: number; end: number }> = [];
  for (let pos = outline.start, i = 0; i < outline.count; i += 1) {
    const end = valueEnd(frame, pos, limits);
    values.push({ start: pos, end });
    pos = end;
  }
  const bytesOf = (i: number): Uint8Array => frame.subarray(values[i]?.start, values[i]?.end);
  const tag = decoder.decode(bytesOf(0));
  if (typeof tag !== 'string' || tag.length === 0) {
    throw new ParseError('forward message tag must be a non-empty string');
  }
  const second = values[1] as { start: number; end: number };
  const type = frame[second.start] as number;
  if (isNumberOrExt(type)) {
    // Message mode: [tag, time, record, option?]
    if (outline.count < 3) throw new ParseError('forward Message mode needs [tag, time, record]');
    const option = readOption(outline.count > 3 ? bytesOf(3) : null);
    return {
      kind: 'events',
      tag,
      chunk: option.chunk,
      entries: { mode: 'message', time: bytesOf(1), record: bytesOf(2) },
    };
  }
  if (outline.count > 3) throw new ParseError('forward/packed forward message must have at most 3 elements');
  const option = readOption(outline.count > 2 ? bytesOf(2) : null);
  const array = arrayHeader(frame, second.start);
  if (array) {
    const bytes = frame.subarray(array.start, second.end);
    return { kind: 'events', tag, chunk: option.chunk, entries: { mode: 'forward', bytes, count: array.count } };
  }
  if (!isStrOrBin(type)) {
    throw new ParseError('forward message second element must be a time, an array of entries or a packed stream');
  }
  const header = readHeader(frame, second.start, second.end) as { size: number };
  const bytes = frame.subarray(second.start + header.size, second.end);
  if (option.compressed === null)
    return { kind: 'events', tag, chunk: option.chunk, entries: { mode: 'packed', bytes } };
  if (option.compressed !== 'gzip') {
    throw new ParseError(`unsupported compression ${JSON.stringify(option.compressed)} (only gzip)`);
  }
  return { kind: 'events', tag, chunk: option.chunk, entries: { mode: 'compressed', bytes } };
}

/** Decodes one [time, record] entry; a string says why it is not one. */
export function decodeEntry(bytes: Uint8Array): ForwardEntry | string {
  let value: unknown;
  try {
    value = decoder.decode(bytes);
  } catch (error) {
    return `entry is not readable msgpack: ${(error as Error).message}`;
  }
  if (!Array.isArray(value) || value.length !== 2) return 'entry is not a [time, record] pair';
  return toEntry(value[0], value[1]);
}

/** Decodes the time and record of a Message mode message. */
export function decodeMessageEntry(time: Uint8Array, record: Uint8Array): ForwardEntry | string {
  try {
    return toEntry(decoder.decode(time), decoder.decode(record));
  } catch (error) {
    return `entry is not readable msgpack: ${(error as Error).message}`;
  }
}

function toEntry(rawTime: unknown, record: unknown): ForwardEntry | string {
  const time = toDate(rawTime);
  if (!time) return 'entry time is not a number or EventTime';
  if (record === null || typeof record !== 'object' || Array.isArray(record) || record instanceof Uint8Array) {
    return 'entry record is not a map';
  }
  return { time, record: record as Record<string, unknown> };
}

function readOption(bytes: Uint8Array | null): { chunk: string | null; compressed: string | null } {
  const value = bytes ? decoder.decode(bytes) : null;
  if (value === undefined || value === null) return { chunk: null, compressed: null };
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    throw new ParseError('forward message option must be a map');
  }
  const option = value as Record<string, unknown>;
  return {
    chunk: typeof option.chunk === 'string' && option.chunk.length > 0 ? option.chunk : null,
    compressed: typeof option.compressed === 'string' ? option.compressed : null,
  };
}

/** The element count and first element's position of the array at bytes[pos], or null if it is no array. */
function arrayHeader(bytes: Uint8Array, pos: number): { count: number; start: number } | null {
  const type = bytes[pos];
  if (type === undefined) return null;
  if (type >= 0x90 && type <= 0x9f) return { count: type & 0x0f, start: pos + 1 };
  if (type !== 0xdc && type !== 0xdd) return null;
  const header = readHeader(bytes, pos, bytes.length);
  return header ? { count: header.items, start: pos + header.size } : null;
}

function isNumberOrExt(type: number): boolean {
  return type <= 0x7f || type >= 0xe0 || (type >= 0xc7 && type <= 0xd8);
}

function isStrOrBin(type: number): boolean {
  return (type >= 0xa0 && type <= 0xbf) || (type >= 0xd9 && type <= 0xdb) || (type >= 0xc4 && type <= 0xc6);
}

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return new Date(Math.round(value * 1000));
  return null;
}
