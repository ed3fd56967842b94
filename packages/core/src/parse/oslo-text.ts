/**
 * The stateful text parser of one stream. Each line is unwrapped (ANSI, journald, container, CRI), read as
 * an oslo line, a JSON (JSONFormatter) line, or neither, and then either starts a new record or is folded
 * into the pending one:
 *   - traceback lines carrying the exception prefix (same time, pid and logger; or the 2013 TRACE level)
 *     → `traceback`;
 *   - lines without a timestamp → `traceback` inside or at the start of a Python traceback, otherwise
 *     `extra.continuation` (RESP BODY dumps, multi-line messages), text joined with `\n`;
 *   - anything else starts a new record: uWSGI request lines (HTTP fields filled), lines of another
 *     program that start with their own timestamp, and — with nothing pending — any line that fits no
 *     format (`extra.unparsed: true`, level INFO, its wrapper's time or the previous record's, else
 *     `fallbackTime`). No line is dropped.
 * Only whitespace-only lines (no wrapper) with nothing pending are skipped: they carry no text to keep.
 */
import { LEVELS } from '@logcas/contract';
import type { ParsedLog } from '../model/record';
import { splitDebugSuffix } from './debug-suffix';
import { newRecord, readOsloLine, type LineDefaults, type LineScratch } from './oslo-line';
import { parseStructuredRecord } from './structured';
import { applyUwsgiLine, isUwsgiLine } from './http-line';
import { readDateTime, readSyslogTime, ZoneClock } from './time';
import type { TextLogParser, TextParseOptions } from './types';
import { emptyEnvelope, stripAnsi, unwrap, type Envelope } from './wrappers';

const TRACEBACK_START = 'Traceback (most recent call last)';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
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
  private readonly env: Envelope = emptyEnvelope();
  private readonly scratch: LineScratch = {
    time: { ms: NaN, end: 0 },
    timeFromWrapper: false,
    suffix: { message: '', funcName: '', pathname: '', lineno: 0, pid: null },
  };

  private pending: ParsedLog | null = null;
  private pendingStart = 0;
  private inTraceback = false;
  private continuation: string | null = null;
  private pendingFromWrapper = false;
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
  }

  push(line: string, offset: number): ParsedLog[] {
    let text = line.charCodeAt(line.length - 1) === 13 ? line.substring(0, line.length - 1) : line;
    if (text.indexOf('\x1b') >= 0) text = stripAnsi(text);
    const env = this.env;
    const wrapped = unwrap(text, this.year, this.clock, env, this.scratch.time);
    if (env.partial) {
      if (this.partialBody === null) {
        this.partialBody = env.body;
        this.partialRaw = line;
        this.partialStart = offset;
      } else {
        this.partialBody += env.body;
        this.partialRaw += '\n' + line;
      }
      return [];
    }
    if (this.partialBody !== null) {
      const body = this.partialBody + env.body;
      const raw = this.partialRaw + '\n' + line;
      const start = this.partialStart;
      this.partialBody = null;
      return this.accept(body, raw, start, wrapped);
    }
    return this.accept(env.body, line, offset, wrapped);
  }

  flush(): ParsedLog[] {
    const out: ParsedLog[] = [];
    if (this.partialBody !== null) {
      // The stream ended inside a CRI partial line: keep what was written.
      const body = this.partialBody;
      this.partialBody = null;
      this.env.partial = false;
      this.env.body = body;
      out.push(...this.accept(body, this.partialRaw, this.partialStart, true));
    }
    const last = this.complete();
    if (last) out.push(last);
    return out;
  }

  pendingOffset(): number | null {
    if (this.partialBody !== null)
      return this.pending ? Math.min(this.pendingStart, this.partialStart) : this.partialStart;
    return this.pending ? this.pendingStart : null;
  }

  /** One logical line (its wrapper already read into `this.env`). */
  private accept(body: string, raw: string, offset: number, wrapped: boolean): ParsedLog[] {
    // JSONFormatter lines; `{` lines of a multi-line dump do not end with `}` and are not parsed as JSON.
    if (body.charCodeAt(0) === 123 /* { */ && body.charCodeAt(body.trimEnd().length - 1) === 125) {
      const record = this.readJson(body, raw, offset);
      if (record) {
        const done = this.complete();
        this.lastMs = record.ts.getTime();
        return done ? [done, record] : [record];
      }
    }
    const record = readOsloLine(body, raw, offset, this.env, this.clock, this.defaults, this.scratch);
    if (record) {
      if (this.pending && this.foldPrefixed(record, raw)) return [];
      return this.start(record, offset, this.scratch.timeFromWrapper);
    }
    // A line that starts with its own timestamp (libvirt, another program's format) is an event of its
    // own, not a continuation.
    const time = this.scratch.time;
    const stamped = isDigit(body.charCodeAt(0)) && readDateTime(body, 0, this.clock, time);
    if (!stamped && isUwsgiLine(body)) {
      const request = this.readUwsgi(body, raw, offset);
      if (request) return this.start(request, offset, true);
    }
    const pending = this.pending;
    if (pending && !stamped && (!wrapped || this.sameStream(pending))) {
      this.foldText(body, raw);
      return [];
    }
    if (!wrapped && body.trim() === '') return [];
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
    const out = this.start(unparsed, offset, true);
    if (body.startsWith(TRACEBACK_START)) {
      unparsed.traceback = body;
      this.inTraceback = true;
    }
    return out;
  }

  private start(record: ParsedLog, offset: number, fromWrapper: boolean): ParsedLog[] {
    const done = this.complete();
    this.pending = record;
    this.pendingStart = offset;
    this.pendingFromWrapper = fromWrapper;
    this.lastMs = record.ts.getTime();
    return done ? [done] : [];
  }

  /** Folds an oslo-formatted traceback line into the pending record; false when it starts a new one. */
  private foldPrefixed(record: ParsedLog, raw: string): boolean {
    const pending = this.pending as ParsedLog;
    if (record.pid !== pending.pid || record.logger !== pending.logger) return false;
    if (record.levelName !== 'TRACE') {
      // The exception prefix is formatted from the same log record, so its time is the same; a wrapper's
      // time (journald, second precision) may tick over between lines.
      const delta = record.ts.getTime() - pending.ts.getTime();
      const sameTime =
        delta === 0 || (this.pendingFromWrapper && this.scratch.timeFromWrapper && delta >= 0 && delta <= 1000);
      if (!sameTime) return false;
      if (!this.inTraceback && !record.message.startsWith(TRACEBACK_START)) return false;
    }
    this.inTraceback = true;
    pending.traceback = pending.traceback === null ? record.message : pending.traceback + '\n' + record.message;
    pending.raw += '\n' + raw;
    return true;
  }

  private foldText(body: string, raw: string): void {
    const pending = this.pending as ParsedLog;
    pending.raw += '\n' + raw;
    if (!this.inTraceback && body.trimStart().startsWith(TRACEBACK_START)) this.inTraceback = true;
    if (this.inTraceback) {
      pending.traceback = pending.traceback === null ? body : pending.traceback + '\n' + body;
    } else {
      this.continuation = this.continuation === null ? body : this.continuation + '\n' + body;
    }
  }

  /** A wrapped raw line continues the pending record only when it comes from the same program. */
  private sameStream(pending: ParsedLog): boolean {
    const env = this.env;
    if (env.pid !== null && pending.pid !== null && env.pid !== pending.pid) return false;
    return env.service === null || pending.service === null || env.service === pending.service;
  }

  private complete(): ParsedLog | null {
    const done = this.pending;
    if (!done) return null;
    if (this.continuation !== null) {
      let continuation = this.continuation;
      // A multi-line DEBUG message carries oslo's suffix on its last line (e.g. libvirt's guest XML).
      const suffix = done.level === LEVELS.DEBUG && !done.extra?.funcName ? splitDebugSuffix(continuation) : null;
      const extra: Record<string, unknown> = done.extra ?? {};
      if (suffix) {
        continuation = suffix.message.trimEnd();
        extra.funcName = suffix.funcName;
        extra.pathname = suffix.pathname;
        extra.lineno = suffix.lineno;
      }
      extra.continuation = continuation;
      done.extra = extra;
      this.continuation = null;
    }
    if (done.traceback !== null) done.traceback = done.traceback.trimEnd();
    this.pending = null;
    this.inTraceback = false;
    return done;
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

  private readJson(body: string, raw: string, offset: number): ParsedLog | null {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return null;
    }
    try {
      const record = parseStructuredRecord(value, {
        host: this.env.host ?? this.defaults.host ?? undefined,
        service: this.env.service ?? this.defaults.service ?? undefined,
        timezone: this.clock.zone,
      });
      record.source = this.defaults.file === undefined ? { offset } : { file: this.defaults.file, offset };
      record.raw = raw;
      return record;
    } catch {
      // Not a log record after all (e.g. a JSON dump continuing a message): treat it as text.
      return null;
    }
  }
}
