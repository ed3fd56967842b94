/**
 * Splits a byte stream into lines with the byte offset of each line's first byte, for the text parser.
 * Pure (bytes in, lines out, no I/O): file ingestion feeds it the chunks it reads.
 *
 * Why not `chunk.toString('utf8')`: one non-ASCII character makes V8 decode the whole chunk slowly into a
 * two-byte string, and every line after it is then two-byte too. Here a chunk is decoded as latin1 (one
 * byte = one character, so positions are byte offsets), node's SIMD `isAscii` clears 4 KiB blocks, a regex
 * finds the non-ASCII bytes in the others, and only the lines holding them are decoded again as UTF-8.
 */

import { isAscii } from 'node:buffer';

const NON_ASCII = /[^\x00-\x7f]/g;

export type LineSink = (line: string, offset: number) => void;

export class ChunkLineSplitter {
  private carry: Buffer | null = null;
  private carryOffset = 0;
  private nextOffset: number;

  /** `startOffset`: byte offset of the first byte pushed (non-zero when resuming a file). */
  constructor(startOffset = 0) {
    this.nextOffset = startOffset;
  }

  /** Emits every complete line of `chunk` (plus what was carried over); keeps an unfinished last line. */
  push(chunk: Buffer, sink: LineSink): void {
    let rest = chunk;
    let restBase = this.nextOffset;
    this.nextOffset += chunk.length;
    if (this.carry !== null) {
      // Join only the carried piece with the head of this chunk, not the whole chunk (no big copy).
      const newline = chunk.indexOf(10);
      if (newline < 0) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const joined = Buffer.concat([this.carry, chunk.subarray(0, newline)]);
      emitLines(joined, joined.length, this.carryOffset, sink);
      this.carry = null;
      rest = chunk.subarray(newline + 1);
      restBase += newline + 1;
    }
    const last = rest.lastIndexOf(10);
    // Copies: the caller may reuse its read buffer for the next chunk.
    if (last < 0) {
      if (rest.length > 0) {
        this.carry = Buffer.from(rest);
        this.carryOffset = restBase;
      }
      return;
    }
    emitLines(rest, last, restBase, sink);
    if (last + 1 < rest.length) {
      this.carry = Buffer.from(rest.subarray(last + 1));
      this.carryOffset = restBase + last + 1;
    }
  }

  /** Emits the unfinished last line, if any (a file that does not end with a newline). */
  end(sink: LineSink): void {
    if (this.carry === null) return;
    const buffer = this.carry;
    this.carry = null;
    emitLines(buffer, buffer.length, this.carryOffset, sink);
  }

  /** Byte offset just after the last complete line emitted: where a resumed read would start. */
  get consumedOffset(): number {
    return this.carry === null ? this.nextOffset : this.carryOffset;
  }
}

// Blocks checked with node's SIMD isAscii before the regex looks for the exact position.
const BLOCK = 4096;

/** Position of the first non-ASCII byte at or after `from` in buffer[0, end), or Infinity. */
function nextNonAscii(buffer: Buffer, text: string, from: number, end: number): number {
  let block = from - (from % BLOCK);
  while (block < end) {
    const blockEnd = Math.min(block + BLOCK, end);
    if (!isAscii(buffer.subarray(Math.max(block, from), blockEnd))) {
      NON_ASCII.lastIndex = Math.max(block, from);
      const found = NON_ASCII.exec(text);
      if (found && found.index < blockEnd) return found.index;
    }
    block = blockEnd;
  }
  return Infinity;
}

/** Emits the lines of buffer[0, end) (end = position of the last newline, or the length at the end). */
function emitLines(buffer: Buffer, end: number, base: number, sink: LineSink): void {
  const text = buffer.toString('latin1', 0, end);
  let nonAscii = nextNonAscii(buffer, text, 0, end);
  let start = 0;
  for (;;) {
    let newline = text.indexOf('\n', start);
    const final = newline < 0;
    if (final) newline = text.length;
    let line: string;
    if (nonAscii < newline) {
      line = buffer.toString('utf8', start, newline);
      nonAscii = nextNonAscii(buffer, text, newline, end);
    } else {
      line = text.substring(start, newline);
    }
    sink(line, base + start);
    if (final) return;
    start = newline + 1;
  }
}
