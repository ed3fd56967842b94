/**
 * The stateful text parser of one stream. Each line is unwrapped (ANSI, journald, container, CRI, Apache),
 * then read as an oslo line (also behind unknown leading tokens), a JSON (JSONFormatter) line, or neither.
 * Record boundaries follow oslo.log's own rule:
 *   - a line with a level, a logger and a context bracket (`[-]`, `[req-… …]`, `[None req-…]`) starts a record;
 *   - a line of the exception prefix (`<time> <pid> ERROR <logger> [instance: …] `: no context bracket, always
 *     ERROR, the same time, pid and logger as the record) continues the record's `traceback`; so does the
 *     2013 `TRACE` level;
 *   - any other line — no header, or a line of another program that starts with its own timestamp (qemu's
 *     stderr quoted by libvirt) — continues the pending record of the same stream, its text intact
 *     (record-assembler.ts decides continuation or traceback). A uWSGI request line is a record of its own.
 * With nothing pending, a line that fits no format is a record of its own (`extra.unparsed: true`, level INFO,
 * its wrapper's time or the previous record's, else `fallbackTime`); a line with its own timestamp after such
 * a record starts the next one (a libvirtd or ovs log read as text). No line is dropped; only whitespace-only
 * lines (no wrapper) with nothing pending are skipped: they carry no text to keep. Records never pass
 * RECORD_LIMITS: the rest of a longer one continues in split parts.
 */
import { LEVELS } from '@logcas/contract';
import type { ParsedLog } from '../model/record';
import { applyUwsgiLine, isUwsgiLine } from './http-line';
import { newRecord, readOsloLine, type LineDefaults, type LineScratch } from './oslo-line';
import { cutLongLine, RECORD_LIMITS, RecordAssembler, TRACEBACK_START, type RecordLimits } from './record-assembler';
import { parseStructuredRecord } from './structured';
import { readDateTime, readSyslogTime, ZoneClock } from './time';
import type { TextLogParser, TextParseOptions } from './types';
import { copyEnvelope, emptyEnvelope, stripAnsi, unwrap, WRAPPER, type Envelope, type WrapperKind } from './wrappers';

// A JSON line up to this size is read as a structured record (whose text is then split at the record cap);
// a longer line is cut as text.
const MAX_JSON_LINE = 16 << 20;
// How far into a line an oslo header is looked for behind unknown leading tokens.
const MAX_PREFIX = 512;
const NOTHING: ParsedLog[] = [];
// Read once: the per-line checks below then compare against plain constants.
const { none: NO_WRAPPER, journald: JOURNALD, runtimeTime: RUNTIME_TIME } = WRAPPER;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Characters after which an oslo header may follow an unknown prefix (`file.log:`, `tag `, `[x] `, `a|`). */
function isPrefixEnd(c: number): boolean {
  return c === 32 || c === 9 || c === 58 || c === 124 || c === 93;
}

/** Creates a parser for one stream; throws ValidationError for an unknown `timezone`. */
export function createTextParser(options: TextParseOptions = {}): TextLogParser {
  return new OsloTextParser(options);
}

class OsloTextParser implements TextLogParser {
  private readonly clock: ZoneClock;
  private readonly defaults: LineDefaults;
  private readonly year: number;
  private readonly fallbackMs: number;
  private readonly limits: RecordLimits;
  private readonly env: Envelope = emptyEnvelope();
  // The last journald entry's wrapper: its further lines are only indented.
  private readonly journal: Envelope = emptyEnvelope();
  private readonly scratch: LineScratch = {
    time: { ms: NaN, end: 0 },
    timeFromWrapper: false,
    hasContext: false,
    suffix: { message: '', funcName: '', pathname: '', lineno: 0, pid: null },
  };
  private readonly assembler: RecordAssembler;
  private readonly out: ParsedLog[] = [];

  private pendingStart = 0;
  private pendingFromWrapper = false;
  private pendingHasContext = false;
  private pendingKind: WrapperKind = NO_WRAPPER;
  private lastMs = NaN;

  // A CRI partial line (tag P) waits for the rest of its text.
  private partialBody: string | null = null;
  private partialRaw = '';
  private partialStart = 0;

  constructor(options: TextParseOptions) {
    this.clock = new ZoneClock(options.timezone ?? 'UTC');
    this.defaults = { host: options.host ?? null, service: options.service ?? null, file: options.file };
    this.fallbackMs = options.fallbackTime ? options.fallbackTime.getTime() : 0;
    this.year = options.year ?? (options.fallbackTime ?? new Date()).getUTCFullYear();
    this.limits = options.limits ?? RECORD_LIMITS;
    this.assembler = new RecordAssembler(this.limits);
  }

  push(line: string, offset: number): ParsedLog[] {
    let text = line.charCodeAt(line.length - 1) === 13 ? line.substring(0, line.length - 1) : line;
    if (text.indexOf('\x1b') >= 0) text = stripAnsi(text);
    const env = this.env;
    let wrapped: boolean;
    if (text.charCodeAt(0) === 32 && this.isJournalContinuation(text)) {
      copyEnvelope(this.journal, env);
      env.body = text.substring(this.journal.indent);
      wrapped = true;
    } else {
      wrapped = unwrap(text, this.year, this.clock, env, this.scratch.time);
      if (env.kind === JOURNALD) copyEnvelope(env, this.journal);
    }
    if (env.partial) {
      if (this.partialBody === null) {
        this.partialBody = env.body;
        this.partialRaw = line;
        this.partialStart = offset;
      } else {
        this.partialBody += env.body;
        this.partialRaw += '\n' + line;
      }
      return NOTHING;
    }
    if (this.partialBody !== null) {
      const body = this.partialBody + env.body;
      const raw = this.partialRaw + '\n' + line;
      const start = this.partialStart;
      this.partialBody = null;
      this.accept(body, body, raw, start, wrapped);
    } else {
      this.accept(env.body, text, line, offset, wrapped);
    }
    return this.takeOut();
  }

  flush(): ParsedLog[] {
    if (this.partialBody !== null) {
      // The stream ended inside a CRI partial line: keep what was written.
      const body = this.partialBody;
      this.partialBody = null;
      this.env.partial = false;
      this.env.body = body;
      this.accept(body, body, this.partialRaw, this.partialStart, true);
    }
    this.assembler.finish(this.out);
    return this.takeOut();
  }

  pendingOffset(): number | null {
    const pending = this.assembler.pending !== null;
    if (this.partialBody !== null) return pending ? Math.min(this.pendingStart, this.partialStart) : this.partialStart;
    return pending ? this.pendingStart : null;
  }

  /** The records completed by this call, in an array of their own (nearly always one). */
  private takeOut(): ParsedLog[] {
    const out = this.out;
    if (out.length === 0) return NOTHING;
    if (out.length === 1) {
      const done = [out[0] as ParsedLog];
      out.pop();
      return done;
    }
    return out.splice(0, out.length);
  }

  /** journald short: a multi-line entry's further lines are indented to where its body started. */
  private isJournalContinuation(text: string): boolean {
    const indent = this.journal.indent;
    if (indent === 0 || this.pendingKind !== JOURNALD || text.length <= indent) return false;
    for (let i = 1; i < indent; i++) if (text.charCodeAt(i) !== 32) return false;
    return true;
  }

  /**
   * One logical line: `body` is what its wrapper wrapped, `text` the whole line (ANSI removed), `raw` its
   * source for the id.
   */
  private accept(body: string, text: string, raw: string, offset: number, wrapped: boolean): void {
    const out = this.out;
    // JSONFormatter lines; `{` lines of a multi-line dump do not end with `}` and are not parsed as JSON.
    if (body.charCodeAt(0) === 123 /* { */ && body.length <= MAX_JSON_LINE) {
      if (body.charCodeAt(body.trimEnd().length - 1) === 125 && this.acceptJson(body, raw, offset)) return;
    }
    if (body.length > this.limits.maxChars) return this.acceptLong(body, offset, wrapped);
    let record = readOsloLine(body, raw, offset, this.env, this.clock, this.defaults, this.scratch);
    if (record === null && this.env.kind === RUNTIME_TIME && this.pendingKind !== RUNTIME_TIME) {
      // Not a runtime's timestamp after all but a line of another program that starts with its own ISO
      // time (qemu's stderr quoted in a libvirt error): keep its text whole.
      body = text;
      wrapped = false;
      this.env.kind = NO_WRAPPER;
      this.env.ms = NaN;
    }
    record ??= this.readBehindPrefix(body, raw, offset);
    if (record !== null) {
      if (!this.scratch.hasContext && this.isExceptionLine(record)) {
        if (this.assembler.addTraceback(record.message, raw, out, offset)) this.pendingStart = offset;
        return;
      }
      this.start(record, offset, this.scratch.timeFromWrapper, this.scratch.hasContext);
      return;
    }
    const time = this.scratch.time;
    const stamped = isDigit(body.charCodeAt(0)) && readDateTime(body, 0, this.clock, time);
    if (!stamped && isUwsgiLine(body)) {
      const request = this.readUwsgi(body, raw, offset);
      if (request) return this.start(request, offset, true, false);
    }
    const pending = this.assembler.pending;
    if (pending && (!wrapped || this.sameStream(pending)) && !(stamped && pending.logger === null)) {
      if (this.assembler.addText(body, raw, out, offset)) this.pendingStart = offset;
      return;
    }
    if (!wrapped && body.trim() === '') return;
    const ms = stamped ? time.ms : this.env.ms;
    const unparsed = newRecord(
      ms === ms ? ms : this.lastMs === this.lastMs ? this.lastMs : this.fallbackMs,
      LEVELS.INFO,
      'INFO',
      null,
      this.env.pid,
      body,
      raw,
      offset,
      this.env,
      this.defaults,
    );
    unparsed.extra = { unparsed: true };
    if (body.startsWith(TRACEBACK_START)) unparsed.traceback = body;
    this.start(unparsed, offset, true, false);
  }

  /** An oslo header behind leading tokens this parser does not know (a file name, a collector's tag). */
  private readBehindPrefix(body: string, raw: string, offset: number): ParsedLog | null {
    const limit = Math.min(body.length - 24, MAX_PREFIX);
    for (let dash = body.indexOf('-', 5); dash > 0 && dash - 4 <= limit; dash = body.indexOf('-', dash + 1)) {
      const start = dash - 4;
      if (body.charCodeAt(dash + 3) !== 45 || !isPrefixEnd(body.charCodeAt(start - 1))) continue;
      if (!isDigit(body.charCodeAt(start)) || !isDigit(body.charCodeAt(start + 3))) continue;
      const record = readOsloLine(
        body.substring(start),
        raw,
        offset,
        this.env,
        this.clock,
        this.defaults,
        this.scratch,
      );
      // Behind a prefix only oslo's own record start counts, or the exception prefix of the pending record:
      // text that merely quotes a date stays text.
      if (record !== null && (this.scratch.hasContext || this.isExceptionLine(record))) return record;
    }
    return null;
  }

  /** Whether an oslo line is a line of the pending record's exception prefix. */
  private isExceptionLine(record: ParsedLog): boolean {
    const pending = this.assembler.pending;
    if (pending === null || pending.logger === null || this.scratch.hasContext) return false;
    if (record.pid !== pending.pid || record.logger !== pending.logger) return false;
    if (record.level === LEVELS.TRACE) return true; // 2013: `<time> <pid> TRACE <logger> …`
    if (record.level !== LEVELS.ERROR) return false;
    // The prefix is formatted from the same log record, so its time is the same; a wrapper's time
    // (journald, second precision) may tick over between lines.
    const delta = record.ts.getTime() - pending.ts.getTime();
    const sameTime =
      delta === 0 || (this.pendingFromWrapper && this.scratch.timeFromWrapper && delta >= 0 && delta <= 1000);
    if (!sameTime) return false;
    // Formats without a context bracket: only a traceback's first line can begin the prefixed part.
    return this.pendingHasContext || this.assembler.tracebackStarted || record.message.startsWith(TRACEBACK_START);
  }

  private start(record: ParsedLog, offset: number, fromWrapper: boolean, hasContext: boolean): void {
    const env = this.env;
    if (env.rawService !== null && record.service === env.service) {
      if (record.extra === null) record.extra = { wrapperService: env.rawService };
      else record.extra.wrapperService = env.rawService;
    }
    this.assembler.begin(record, this.out);
    this.pendingStart = offset;
    this.pendingFromWrapper = fromWrapper;
    this.pendingHasContext = hasContext;
    this.pendingKind = env.kind;
    this.lastMs = record.ts.getTime();
  }

  /** A line longer than the record cap: cut into pieces, the first read as usual, the rest as its parts. */
  private acceptLong(body: string, offset: number, wrapped: boolean): void {
    const pieces = cutLongLine(body, this.limits.maxChars);
    this.accept(pieces[0] as string, pieces[0] as string, pieces[0] as string, offset, wrapped);
    for (let i = 1; i < pieces.length; i++) {
      const piece = pieces[i] as string;
      if (this.assembler.pending === null) this.accept(piece, piece, piece, offset, wrapped);
      else if (this.assembler.addText(piece, piece, this.out, offset)) this.pendingStart = offset;
    }
  }

  /** A wrapped raw line continues the pending record only when it comes from the same program. */
  private sameStream(pending: ParsedLog): boolean {
    const env = this.env;
    if (env.pid !== null && pending.pid !== null && env.pid !== pending.pid) return false;
    return env.service === null || pending.service === null || env.service === pending.service;
  }

  /** A uWSGI request line: a record of its own (never a continuation), with the HTTP fields. */
  private readUwsgi(body: string, raw: string, offset: number): ParsedLog | null {
    const env = this.env;
    const record = newRecord(0, LEVELS.INFO, 'INFO', null, env.pid, body, raw, offset, env, this.defaults);
    const request = applyUwsgiLine(record, body);
    if (!request) return null;
    record.pid = request.pid;
    record.extra = { responseLength: request.responseLength };
    // The line's own time (`Tue Nov 24 10:41:03 2026`, local) when no wrapper gave one.
    const time = this.scratch.time;
    const year = Number(request.time.slice(-4));
    let ms = env.ms;
    if (ms !== ms && readSyslogTime(request.time, 4, year, this.clock, time)) ms = time.ms;
    if (ms !== ms) ms = this.lastMs === this.lastMs ? this.lastMs : this.fallbackMs;
    record.ts = new Date(ms);
    return record;
  }

  /** A JSON line that is a structured log record: completes the pending record, then its own records. */
  private acceptJson(body: string, raw: string, offset: number): boolean {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return false;
    }
    let records: ParsedLog[];
    try {
      records = parseStructuredRecord(value, {
        host: this.env.host ?? this.defaults.host ?? undefined,
        service: this.env.service ?? this.defaults.service ?? undefined,
        timezone: this.clock.zone,
        limits: this.limits,
      });
    } catch {
      // Not a log record after all (e.g. a JSON dump continuing a message): treat it as text.
      return false;
    }
    this.assembler.finish(this.out);
    const source = this.defaults.file === undefined ? { offset } : { file: this.defaults.file, offset };
    for (const record of records) record.source = source;
    (records[0] as ParsedLog).raw = raw;
    this.out.push(...records);
    this.lastMs = (records[0] as ParsedLog).ts.getTime();
    this.pendingKind = NO_WRAPPER;
    return true;
  }
}
