/**
 * What follows a record's first line, by one rule for every channel (text files and their wrappers, JSON
 * lines, Fluent records, HTTP), and the size cap that keeps every record storable:
 *   - a line of the exception prefix (text only) → `traceback`;
 *   - any other line → `traceback` once a Python traceback has begun (`Traceback (most recent call last):`,
 *     e.g. a remote traceback quoted in the message), else `extra.continuation`, joined with `\n`;
 *   - blank lines inside a traceback are dropped and each traceback line loses its trailing spaces: the text
 *     formatter writes them, the JSON and Fluent formatters do not, and the stored traceback must not depend
 *     on the channel;
 *   - a record stops growing at RECORD_LIMITS (characters of source text, lines): the line that does not fit
 *     starts the next part, a record with the same header fields whose first line is that line. Every part of
 *     a split record carries `extra.splitPart` (1, 2, …).
 */
import { LEVELS } from '@logcas/contract';
import type { ParsedLog } from '../model/record';
import { splitDebugSuffix, type DebugSuffix } from './debug-suffix';

/**
 * How large one record may grow. 1 Mi characters of UTF-16 are at most 3 MiB of UTF-8, far below MongoDB's
 * 16 MiB document limit even with the record's other fields; 10,000 lines is ten times the longest real
 * traceback or libvirt XML dump seen in OpenStack logs.
 */
export const RECORD_LIMITS = { maxChars: 1 << 20, maxLines: 10_000 } as const;

export interface RecordLimits {
  maxChars: number;
  maxLines: number;
}

export const TRACEBACK_START = 'Traceback (most recent call last)';

/** Builds one record (and its split parts) from its first line and the lines after it. */
export class RecordAssembler {
  private record: ParsedLog | null = null;
  private continuation: string | null = null;
  private inTraceback = false;
  // Where the message's last line ends in `traceback` when it went there (a quoted remote traceback), else -1:
  // oslo appends a DEBUG record's suffix to that line.
  private messageEndInTraceback = -1;
  private chars = 0;
  private lines = 0;
  private part = 1;

  /**
   * `appendRaw`: whether each line's source joins the record's `raw` (text streams) or `raw` stays what the
   * record began with (a structured record's canonical JSON).
   */
  constructor(
    private readonly limits: RecordLimits = RECORD_LIMITS,
    private readonly appendRaw = true,
  ) {}

  /** The record being built, or null. */
  get pending(): ParsedLog | null {
    return this.record;
  }

  /** Whether a Python traceback has begun in the pending record. */
  get tracebackStarted(): boolean {
    return this.inTraceback;
  }

  /**
   * Starts `record` (its `message` is its first line); the record pending before is completed into `out`.
   * `size` is what the first line counts against the cap (default: the length of `raw`).
   */
  begin(record: ParsedLog, out: ParsedLog[], size = record.raw.length): void {
    this.finish(out);
    this.record = record;
    this.part = 1;
    this.inTraceback = record.traceback !== null;
    this.messageEndInTraceback = -1;
    this.chars = size;
    this.lines = 1;
  }

  /**
   * A line without the exception prefix: continuation, or traceback once one has begun. `raw` is its source
   * text (what counts against the cap); `offset`, when known, is where a part it starts begins. Returns true
   * when the line did not fit and started the next part.
   */
  addText(text: string, raw: string, out: ParsedLog[], offset?: number): boolean {
    if (!this.fits(raw)) {
      this.nextPart(text, raw, out, offset);
      return true;
    }
    const record = this.record as ParsedLog;
    if (this.appendRaw) record.raw += '\n' + raw;
    if (!this.inTraceback && isTracebackStart(text)) this.inTraceback = true;
    if (this.inTraceback) {
      appendTraceback(record, text);
      if (record.traceback !== null) this.messageEndInTraceback = record.traceback.length;
    } else {
      this.continuation = this.continuation === null ? text : this.continuation + '\n' + text;
      this.messageEndInTraceback = -1;
    }
    return false;
  }

  /** A line that carried the exception prefix (its text after the prefix); returns true as addText does. */
  addTraceback(text: string, raw: string, out: ParsedLog[], offset?: number): boolean {
    this.inTraceback = true;
    if (!this.fits(raw)) {
      this.nextPart(text, raw, out, offset);
      return true;
    }
    const record = this.record as ParsedLog;
    if (this.appendRaw) record.raw += '\n' + raw;
    appendTraceback(record, text);
    return false;
  }

  /** Completes the pending record (if any) into `out`. */
  finish(out: ParsedLog[]): void {
    const done = this.record;
    if (done === null) return;
    // A multi-line DEBUG message carries oslo's suffix on its last line (e.g. libvirt's guest XML).
    if (this.messageEndInTraceback > 0 && done.level === LEVELS.DEBUG && !done.extra?.funcName) {
      splitSuffixInTraceback(done, this.messageEndInTraceback);
    }
    if (this.continuation !== null) {
      let continuation = this.continuation;
      const suffixed = this.messageEndInTraceback < 0 && done.level === LEVELS.DEBUG && !done.extra?.funcName;
      const suffix = suffixed ? splitDebugSuffix(continuation) : null;
      const extra: Record<string, unknown> = done.extra ?? {};
      if (suffix) {
        continuation = suffix.message.trimEnd();
        setWhere(extra, suffix);
      }
      extra.continuation = continuation;
      done.extra = extra;
      this.continuation = null;
    }
    this.record = null;
    this.inTraceback = false;
    out.push(done);
  }

  /** Whether a line fits the pending record; counts it when it does. */
  private fits(raw: string): boolean {
    const chars = this.chars + raw.length + 1;
    if (this.lines >= this.limits.maxLines || chars > this.limits.maxChars) return false;
    this.chars = chars;
    this.lines += 1;
    return true;
  }

  /** Ends the current part and starts the next with this line as its first. */
  private nextPart(text: string, raw: string, out: ParsedLog[], offset: number | undefined): void {
    const previous = this.record as ParsedLog;
    markPart(previous, this.part);
    const inTraceback = this.inTraceback;
    this.finish(out);
    const part = splitPart(previous, text, raw);
    if (offset !== undefined && part.source.offset !== undefined) part.source.offset = offset;
    this.record = part;
    this.part += 1;
    markPart(part, this.part);
    this.inTraceback = inTraceback;
    this.chars = raw.length;
    this.lines = 1;
  }
}

function isTracebackStart(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c === 84 /* T */) return text.startsWith(TRACEBACK_START);
  return (c === 32 || c === 9) && text.trimStart().startsWith(TRACEBACK_START);
}

function appendTraceback(record: ParsedLog, text: string): void {
  let line = text;
  const last = line.charCodeAt(line.length - 1);
  if (last === 32 || last === 9) line = line.trimEnd();
  if (line.length === 0) return;
  record.traceback = record.traceback === null ? line : record.traceback + '\n' + line;
}

function setWhere(extra: Record<string, unknown>, where: DebugSuffix): void {
  extra.funcName = where.funcName;
  extra.pathname = where.pathname;
  extra.lineno = where.lineno;
}

/** Cuts the DEBUG suffix off the traceback line that ends at `end` (the message's last line). */
function splitSuffixInTraceback(record: ParsedLog, end: number): void {
  const traceback = record.traceback as string;
  const start = traceback.lastIndexOf('\n', end - 1) + 1;
  const suffix = splitDebugSuffix(traceback.substring(start, end));
  if (!suffix) return;
  record.traceback = traceback.substring(0, start) + suffix.message.trimEnd() + traceback.substring(end);
  const extra = record.extra ?? {};
  setWhere(extra, suffix);
  record.extra = extra;
}

function markPart(record: ParsedLog, part: number): void {
  if (record.extra === null) record.extra = { splitPart: part };
  else record.extra.splitPart = part;
}

/** The next part of a split record: the same header and identity, this line as its first. */
function splitPart(previous: ParsedLog, text: string, raw: string): ParsedLog {
  return {
    ...previous,
    ts: new Date(previous.ts.getTime()),
    message: text,
    traceback: null,
    extra: null,
    raw,
    source: { ...previous.source },
  };
}

/** Cuts a line longer than `maxChars` into pieces that each fit, never inside a surrogate pair. */
export function cutLongLine(line: string, maxChars: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < line.length) {
    let end = Math.min(start + maxChars, line.length);
    const c = line.charCodeAt(end - 1);
    if (end < line.length && c >= 0xd800 && c <= 0xdbff) end -= 1;
    pieces.push(line.substring(start, end));
    start = end;
  }
  return pieces;
}
