/**
 * Finds where msgpack values end without decoding them, so a byte stream can be cut into whole values
 * (one forward message, or one packed entry) under a size and nesting limit before anything is allocated
 * for their contents. A header that announces more bytes than the limit fails at once, before its payload
 * arrives; a stream that arrives piecemeal is scanned once, never re-read from the start.
 */
import { ParseError } from '../../errors';

/** Limits of one value: its encoded size and how deep arrays and maps may nest. */
export interface ValueLimits {
  maxBytes: number;
  maxDepth: number;
}

/** A value broke a limit or is not msgpack at all; the stream cannot be resynchronised after it. */
export class FrameError extends ParseError {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

/**
 * Resumable scan of one value: `scan` consumes bytes up to the end of the value (or of the input) and
 * says whether the value is complete. Containers are tracked as counts of items left, so nesting costs
 * one number per level and no recursion.
 */
export class ValueScanner {
  /** Items still expected in each open array or map (a map counts keys and values). */
  private readonly open: number[] = [];
  /** Payload bytes of a str, bin or ext still to pass. */
  private skip = 0;
  /** Bytes of this value consumed so far. */
  scanned = 0;
  complete = false;

  constructor(private readonly limits: ValueLimits) {}

  /** Scans bytes[pos..end); returns the position where it stopped (the value's end when `complete`). */
  scan(bytes: Uint8Array, pos: number, end: number): number {
    while (pos < end && !this.complete) {
      if (this.skip > 0) {
        const step = Math.min(this.skip, end - pos);
        pos += step;
        this.skip -= step;
        this.scanned += step;
        if (this.skip === 0) this.itemDone();
        continue;
      }
      const header = readHeader(bytes, pos, end);
      if (header === null) break; // the header itself is split: wait for more bytes
      pos += header.size;
      this.scanned += header.size;
      this.ensureRoom(header.payload, header.items);
      if (header.items > 0) {
        if (this.open.length >= this.limits.maxDepth) {
          throw new FrameError(`nested deeper than ${this.limits.maxDepth} levels`);
        }
        this.open.push(header.items);
      } else if (header.payload > 0) {
        this.skip = header.payload;
      } else {
        this.itemDone();
      }
    }
    return pos;
  }

  /** Whether the scan is inside a value (some bytes consumed, end not reached). */
  get started(): boolean {
    return this.scanned > 0 && !this.complete;
  }

  private ensureRoom(payload: number, items: number): void {
    // Every item takes at least one byte, so a count that cannot fit fails as early as a long string.
    if (this.scanned + payload + items > this.limits.maxBytes) {
      throw new FrameError(`value larger than the ${formatBytes(this.limits.maxBytes)} limit`);
    }
  }

  private itemDone(): void {
    for (;;) {
      const last = this.open.length - 1;
      if (last < 0) {
        this.complete = true;
        return;
      }
      this.open[last] = (this.open[last] as number) - 1;
      if ((this.open[last] as number) > 0) return;
      this.open.pop();
    }
  }
}

/** The size of a msgpack header, the payload bytes after it and the items that follow it. */
export interface Header {
  /** Bytes of the header itself. */
  size: number;
  /** Bytes of payload after the header (str, bin, ext). */
  payload: number;
  /** Items that follow (array elements, map keys and values). */
  items: number;
}

/** The header at bytes[pos], or null when it is not all there yet. */
export function readHeader(bytes: Uint8Array, pos: number, end: number): Header | null {
  const type = bytes[pos] as number;
  if (type <= 0x7f || type >= 0xe0) return { size: 1, payload: 0, items: 0 }; // fixint
  if (type <= 0x8f) return { size: 1, payload: 0, items: (type & 0x0f) * 2 }; // fixmap
  if (type <= 0x9f) return { size: 1, payload: 0, items: type & 0x0f }; // fixarray
  if (type <= 0xbf) return { size: 1, payload: type & 0x1f, items: 0 }; // fixstr
  const fixed = FIXED_SIZES[type - 0xc0] as number;
  // The data of a number or fixext is passed like a payload, so it too may be split across chunks.
  if (fixed > 0) return { size: 1, payload: fixed - 1, items: 0 };
  const lengthBytes = LENGTH_BYTES[type - 0xc0] as number;
  if (lengthBytes === 0) throw new FrameError(`byte 0x${type.toString(16)} is not msgpack`);
  // ext carries a type byte after its length; its data is the payload.
  const extra = type >= 0xc7 && type <= 0xc9 ? 1 : 0;
  if (pos + 1 + lengthBytes + extra > end) return null;
  const length = readLength(bytes, pos + 1, lengthBytes);
  const size = 1 + lengthBytes + extra;
  if (type >= 0xdc && type <= 0xdd) return { size, payload: 0, items: length }; // array16/32
  if (type >= 0xde) return { size, payload: 0, items: length * 2 }; // map16/32
  return { size, payload: length, items: 0 }; // str8-32, bin8-32, ext8-32
}

function readLength(bytes: Uint8Array, at: number, width: number): number {
  let length = 0;
  for (let i = 0; i < width; i += 1) length = length * 256 + (bytes[at + i] as number);
  return length;
}

// Indexed by type - 0xc0: whole size of fixed-size types (nil, bools, numbers, fixext), 0 otherwise.
const FIXED_SIZES = [1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 5, 9, 2, 3, 5, 9, 2, 3, 5, 9, 3, 4, 6, 10, 18, 0, 0, 0, 0, 0, 0, 0];
// Indexed by type - 0xc0: width of the length field of variable-size types (0xc1 is never used: 0).
const LENGTH_BYTES = [0, 0, 0, 0, 1, 2, 4, 1, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 2, 4, 2, 4];

/**
 * Cuts a stream that arrives in chunks into whole values. Complete values in a chunk come back as views of
 * it; a value spread over chunks is copied once, when complete. Throws FrameError on a value over the
 * limits or on bytes that are not msgpack — the stream is unusable from there.
 */
export class MsgpackSplitter {
  private scanner: ValueScanner;
  /** Scanned bytes of the value in progress, from earlier chunks. */
  private parts: Uint8Array[] = [];
  /** Unscanned bytes (a split header) to put in front of the next chunk. */
  private carry: Uint8Array | null = null;
  private completed: Uint8Array[] = [];

  constructor(private limits: ValueLimits) {
    this.scanner = new ValueScanner(limits);
  }

  /** Changes the limits from the next value on (e.g. after a handshake). */
  setLimits(limits: ValueLimits): void {
    this.limits = limits;
    if (!this.inProgress) this.scanner = new ValueScanner(limits);
  }

  /** Bytes held for the value in progress. */
  get pendingBytes(): number {
    return this.scanner.scanned + (this.carry?.length ?? 0);
  }

  /** Whether a value has started but not ended (the stream stopped mid-value if it ends now). */
  get inProgress(): boolean {
    return this.scanner.started || this.carry !== null;
  }

  /**
   * Scans a chunk; returns the values it completes. On a FrameError the values completed before the bad
   * bytes are kept for `takeCompleted`.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    const bytes = this.carry ? concat([this.carry, chunk]) : chunk;
    this.carry = null;
    const values: Uint8Array[] = [];
    let start = 0;
    let pos = 0;
    try {
      while (pos < bytes.length) {
        pos = this.scanner.scan(bytes, pos, bytes.length);
        if (this.scanner.complete) {
          const tail = bytes.subarray(start, pos);
          values.push(this.parts.length > 0 ? concat([...this.parts, tail]) : tail);
          this.parts = [];
          this.scanner = new ValueScanner(this.limits);
          start = pos;
        } else if (pos < bytes.length) {
          // A header split across chunks: keep its bytes for the next push.
          this.carry = bytes.slice(pos);
          if (this.pendingBytes > this.limits.maxBytes) {
            throw new FrameError(`value larger than the ${formatBytes(this.limits.maxBytes)} limit`);
          }
          break;
        }
      }
    } catch (error) {
      this.completed = values;
      throw error;
    }
    if (start < pos && !this.scanner.complete) this.parts.push(bytes.subarray(start, pos));
    return values;
  }

  /** The values completed by the chunk whose `push` threw. */
  takeCompleted(): Uint8Array[] {
    const values = this.completed;
    this.completed = [];
    return values;
  }
}

/** The end of the one value starting at bytes[start] (the input holds it whole, or this throws). */
export function valueEnd(bytes: Uint8Array, start: number, limits: ValueLimits): number {
  const scanner = new ValueScanner(limits);
  const end = scanner.scan(bytes, start, bytes.length);
  if (!scanner.complete) throw new FrameError('value cut short');
  return end;
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

/** `16 MiB`, `512 KiB`, `100 bytes`: for limits in messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1 << 10 && bytes % (1 << 10) === 0) return `${bytes / (1 << 10)} KiB`;
  return `${bytes} bytes`;
}
