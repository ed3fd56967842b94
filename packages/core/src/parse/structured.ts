/**
 * Structured records → ParsedLog. Three producers, detected by their fields:
 *   oslo.log JSONFormatter  (`levelname`, `created`, `context`, `extra`, …)       → oslo-json.ts
 *   oslo.log FluentFormatter (`level`, `time`, `context`, `extra`, no `levelname`) → oslo-json.ts
 *   2013 LogCAS documents   (`binary`, `levelno`, `extra.request_id`, …)           → legacy-logcas.ts
 * Each reader maps its fields into a `StructuredFields`; this file checks them and builds the record the way
 * the text parser builds it from the same oslo.log call: the message's first line as `message`, the rest and
 * the traceback by record-assembler.ts, request lines read for the HTTP fields, the time truncated to the ms.
 */
import { ParseError } from '../errors';
import { emptyContext, levelName, parseLevel, type LogContextFields } from '@logcas/contract';
import type { ParsedLog } from '../model/record';
import { canonicalJson } from './canonical-json';
import { isObject, text } from './fields';
import { readRequestLine } from './http-line';
import { readLegacyLogcas } from './legacy-logcas';
import { readOsloJson } from './oslo-json';
import { cutLongLine, RECORD_LIMITS, RecordAssembler } from './record-assembler';
import { normaliseServiceName } from './service-name';
import { readAnyTime, ZoneClock } from './time';
import type { StructuredParseOptions } from './types';

export type StructuredKind = 'oslo-json' | 'fluent' | 'legacy-logcas';

/** What a format reader found; `time` and `level` are still the producer's values. */
export interface StructuredFields extends Partial<LogContextFields> {
  /** Name of the field the time came from, for error messages. */
  timeField: string;
  time: unknown;
  /** Python's `msecs` when the producer wrote it (the millisecond of `created` as the text line shows it). */
  msecs: unknown;
  levelField: string;
  level: unknown;
  message: unknown;
  /** oslo's error summary, which its text formatter appends to the message after `: `. */
  errorSummary: unknown;
  logger: unknown;
  host: unknown;
  service: unknown;
  pid: unknown;
  traceback: unknown;
  extra: Record<string, unknown>;
}

const LEGACY_EXTRA_KEYS = ['request_id', 'user_id', 'project_id', 'project_name', 'user_name'];

/** Which producer wrote `record` (an object). */
export function detectStructuredKind(record: Record<string, unknown>): StructuredKind {
  if ('binary' in record) return 'legacy-logcas';
  const extra = record.extra;
  if (!('context' in record) && isObject(extra) && LEGACY_EXTRA_KEYS.some((key) => key in extra))
    return 'legacy-logcas';
  if (!('levelname' in record) && typeof record.level === 'string') return 'fluent';
  return 'oslo-json';
}

/**
 * Reads one structured log record: one ParsedLog, or its parts when its text passes the record size cap.
 * Throws ParseError naming the field when `value` can not be a log record (not an object, no message, no
 * usable time, an unknown level).
 */
export function parseStructuredRecord(value: unknown, options: StructuredParseOptions = {}): ParsedLog[] {
  if (!isObject(value)) {
    throw new ParseError(`A structured log record must be a JSON object, got ${describe(value)}`);
  }
  const kind = detectStructuredKind(value);
  const fields = kind === 'legacy-logcas' ? readLegacyLogcas(value) : readOsloJson(value);
  const ms = recordTime(fields, options);
  let message = fields.message;
  if (typeof message !== 'string') {
    if (message === undefined || message === null)
      throw new ParseError('A structured log record needs a "message" field');
    if (typeof message === 'number' || typeof message === 'boolean') message = String(message);
    else throw new ParseError(`Field "message" must be text, got ${describe(message)}`);
  }
  let level = 20;
  if (fields.level !== undefined && fields.level !== null) {
    const read =
      typeof fields.level === 'string' || typeof fields.level === 'number' ? parseLevel(fields.level) : undefined;
    if (read === undefined)
      throw new ParseError(`Field "${fields.levelField}" is not a log level: ${describe(fields.level)}`);
    level = read;
  }
  const context = emptyContext();
  for (const key of Object.keys(context) as Array<keyof LogContextFields>) {
    const found = fields[key];
    if (found !== undefined && found !== null && found !== '')
      (context as unknown as Record<string, unknown>)[key] = found;
  }
  const raw = canonicalJson(value);
  const limits = options.limits ?? RECORD_LIMITS;
  const extra = raw.length > limits.maxChars ? boundExtra(fields.extra, limits.maxChars >> 2) : fields.extra;
  const named = text(fields.service);
  const service = named === null ? null : normaliseServiceName(named);
  if (named !== null && service !== named) extra.wrapperService = named;

  // The text formatter writes `<message>: <error summary>` and then the traceback; so is the record built.
  const summary = typeof fields.errorSummary === 'string' && fields.errorSummary !== '' ? fields.errorSummary : null;
  const lines = (summary === null ? (message as string) : `${message as string}: ${summary}`).split('\n');
  const firstLine = cutLongLine(lines[0] as string, limits.maxChars);
  const record: ParsedLog = {
    ts: new Date(ms),
    level,
    levelName: levelName(level),
    host: text(fields.host) ?? options.host ?? null,
    service: service ?? options.service ?? null,
    logger: text(fields.logger),
    pid: integer(fields.pid),
    message: firstLine[0] ?? '',
    traceback: null,
    ...context,
    source: options.channel ? { channel: options.channel } : {},
    extra: Object.keys(extra).length > 0 ? extra : null,
    raw,
  };
  const http = readRequestLine(record, record.message);
  if (http) record.extra = record.extra === null ? http : Object.assign(record.extra, http);

  const out: ParsedLog[] = [];
  const assembler = new RecordAssembler(limits, false);
  assembler.begin(record, out, record.message.length);
  for (let i = 1; i < firstLine.length; i++) assembler.addText(firstLine[i] as string, firstLine[i] as string, out);
  for (let i = 1; i < lines.length; i++) addLine(assembler, lines[i] as string, false, limits.maxChars, out);
  for (const line of tracebackLines(fields.traceback)) addLine(assembler, line, true, limits.maxChars, out);
  assembler.finish(out);
  // Parts of a split record: the record's own text and the part number make each one's id.
  for (let i = 1; i < out.length; i++) (out[i] as ParsedLog).raw = `${raw}\n${i + 1}`;
  return out;
}

function addLine(assembler: RecordAssembler, line: string, traceback: boolean, max: number, out: ParsedLog[]): void {
  for (const piece of line.length > max ? cutLongLine(line, max) : [line]) {
    if (traceback) assembler.addTraceback(piece, piece, out);
    else assembler.addText(piece, piece, out);
  }
}

/**
 * The record's time in epoch ms. A time the record states exactly (epoch `created`, a string with a zone)
 * wins. Otherwise the time it travelled with (`eventTime`, a forward entry's), when there is one: whole
 * seconds (oslo's Fluent handler sends `int(created)`) take the milliseconds of the record's naive time string
 * when both name the same second of the minute. Else the naive string, read in `timezone`.
 */
function recordTime(fields: StructuredFields, options: StructuredParseOptions): number {
  const read = readAnyTime(fields.time, clockFor(options.timezone), fields.msecs);
  if (read?.exact) return read.ms;
  const event = options.eventTime?.getTime();
  if (event !== undefined && event > 0) {
    if (read === null || event % 1000 !== 0) return event;
    const second = Math.floor(read.ms / 1000);
    return mod(second, 60) === mod(event / 1000, 60) ? event + mod(read.ms, 1000) : event;
  }
  if (read !== null) return read.ms;
  throw new ParseError(
    fields.time === undefined || fields.time === null
      ? `A structured log record needs a time: field "${fields.timeField}" is missing`
      : `Field "${fields.timeField}" is not a usable time: ${describe(fields.time)}`,
  );
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

let lastClock: ZoneClock | null = null;

function clockFor(zone: string | undefined): ZoneClock {
  const name = zone ?? 'UTC';
  if (lastClock === null || lastClock.zone !== name) lastClock = new ZoneClock(name);
  return lastClock;
}

function integer(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
}

/** A traceback's lines: producers send a string or a list of lines (each possibly holding several). */
function tracebackLines(value: unknown): string[] {
  if (typeof value === 'string') return value.split('\n');
  if (!Array.isArray(value)) return [];
  return value.filter((line): line is string => typeof line === 'string').flatMap((line) => line.split('\n'));
}

/**
 * Extra fields of an oversized record: the largest ones are dropped (and named in `droppedFields`) until the
 * rest fits `budget` characters of JSON, so no document passes MongoDB's size limit.
 */
function boundExtra(extra: Record<string, unknown>, budget: number): Record<string, unknown> {
  const sizes = Object.entries(extra).map(([key, value]) => [key, canonicalJson(value).length + key.length] as const);
  let total = sizes.reduce((sum, [, size]) => sum + size, 0);
  if (total <= budget) return extra;
  const kept = { ...extra };
  const dropped: string[] = [];
  for (const [key, size] of [...sizes].sort((a, b) => b[1] - a[1])) {
    if (total <= budget) break;
    delete kept[key];
    dropped.push(key);
    total -= size;
  }
  kept.droppedFields = dropped;
  return kept;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
