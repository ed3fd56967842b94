/**
 * A message's encoded entries → slices of decoded entries, one entry at a time, under the message limits.
 * A gzip stream is inflated as it is read and abandoned as soon as its output passes the inflated limit,
 * so a small message that inflates to gigabytes costs one slice of memory and a few milliseconds.
 */
import { createGunzip } from 'node:zlib';
import { ParseError } from '../../errors';
import { FrameError, MsgpackSplitter, formatBytes, valueEnd, type ValueLimits } from './msgpack-frames';
import { decodeEntry, decodeMessageEntry, type EncodedEntries, type ForwardEntry } from './protocol';

export interface EntryLimits {
  /** Entries in one message. */
  maxEntries: number;
  /** Bytes a compressed message may inflate to. */
  maxInflatedBytes: number;
  /** Size and nesting of one entry. */
  entry: ValueLimits;
}

/** Decoded entries of part of a message; `bytes` is their encoded size (what they roughly cost in memory). */
export interface EntrySlice {
  entries: ForwardEntry[];
  invalid: string[];
  bytes: number;
}

/** Entries per slice, and encoded bytes per slice: what the listener holds at once per connection. */
const SLICE_ENTRIES = 1000;
const SLICE_BYTES = 4 << 20;

/** Yields the entries in slices; throws ParseError when the message breaks a limit or is not readable. */
export async function* entrySlices(encoded: EncodedEntries, limits: EntryLimits): AsyncGenerator<EntrySlice> {
  if (encoded.mode === 'message') {
    yield collect([decodeMessageEntry(encoded.time, encoded.record)], encoded.time.length + encoded.record.length);
    return;
  }
  if (encoded.mode === 'forward' && encoded.count > limits.maxEntries) {
    throw new ParseError(`message has ${encoded.count} entries, over the limit of ${limits.maxEntries}`);
  }
  const slices = new SliceBuilder(limits.maxEntries);
  if (encoded.mode === 'compressed') {
    yield* inflateEntries(encoded.bytes, limits, slices);
    return;
  }
  const { bytes } = encoded;
  for (let pos = 0; pos < bytes.length;) {
    let end: number;
    try {
      end = valueEnd(bytes, pos, limits.entry);
    } catch (error) {
      throw new ParseError(`packed entries are not a msgpack stream: ${(error as Error).message}`);
    }
    const full = slices.add(bytes.subarray(pos, end));
    pos = end;
    if (full) yield slices.take();
  }
  if (slices.size > 0) yield slices.take();
}

async function* inflateEntries(
  compressed: Uint8Array,
  limits: EntryLimits,
  slices: SliceBuilder,
): AsyncGenerator<EntrySlice> {
  const gunzip = createGunzip();
  gunzip.end(compressed);
  const splitter = new MsgpackSplitter(limits.entry);
  let inflated = 0;
  try {
    // Pulling one output chunk at a time keeps zlib paused while a slice is being stored.
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > limits.maxInflatedBytes) {
        throw new ParseError(`compressed entries inflate past the ${formatBytes(limits.maxInflatedBytes)} limit`);
      }
      for (const value of splitter.push(chunk)) {
        if (slices.add(value)) yield slices.take();
      }
    }
  } catch (error) {
    if (error instanceof ParseError && !(error instanceof FrameError)) throw error;
    const what = error instanceof FrameError ? 'not a msgpack stream' : 'not valid gzip';
    throw new ParseError(`compressed entries are ${what}: ${(error as Error).message}`, { cause: error });
  } finally {
    gunzip.destroy();
  }
  if (splitter.inProgress) throw new ParseError('compressed entries end in the middle of an entry');
  if (slices.size > 0) yield slices.take();
}

class SliceBuilder {
  private slice: EntrySlice = { entries: [], invalid: [], bytes: 0 };
  private seen = 0;

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.slice.entries.length + this.slice.invalid.length;
  }

  /** Decodes one entry into the slice; says whether the slice is full. */
  add(bytes: Uint8Array): boolean {
    this.seen += 1;
    if (this.seen > this.maxEntries) throw new ParseError(`message has more than ${this.maxEntries} entries`);
    const entry = decodeEntry(bytes);
    if (typeof entry === 'string') this.slice.invalid.push(entry);
    else this.slice.entries.push(entry);
    this.slice.bytes += bytes.length;
    return this.size >= SLICE_ENTRIES || this.slice.bytes >= SLICE_BYTES;
  }

  take(): EntrySlice {
    const slice = this.slice;
    this.slice = { entries: [], invalid: [], bytes: 0 };
    return slice;
  }
}

function collect(decoded: Array<ForwardEntry | string>, bytes: number): EntrySlice {
  const slice: EntrySlice = { entries: [], invalid: [], bytes };
  for (const entry of decoded) {
    if (typeof entry === 'string') slice.invalid.push(entry);
    else slice.entries.push(entry);
  }
  return slice;
}
