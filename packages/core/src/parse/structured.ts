/**
 * Structured records → ParsedLog. Three producers, detected by their fields:
 *   oslo.log JSONFormatter  (`levelname`, `created`, `context`, `extra`, …)       → oslo-json.ts
 *   oslo.log FluentFormatter (`level`, `time`, `context`, `extra`, no `levelname`) → oslo-json.ts
 *   2013 LogCAS documents   (`binary`, `levelno`, `extra.request_id`, …)           → legacy-logcas.ts
 * Each reader maps its fields into a `StructuredFields`; this file checks them and builds the record.
 */
import { ParseError } from '../errors';
import { emptyContext, levelName, parseLevel, type LogContextFields } from '@logcas/contract';
import type { ParsedLog } from '../model/record';
import { canonicalJson } from './canonical-json';
import { isObject, text } from './fields';
import { readLegacyLogcas } from './legacy-logcas';
import { readOsloJson } from './oslo-json';
import { readAnyTime, ZoneClock } from './time';
import type { StructuredParseOptions } from './types';

export type StructuredKind = 'oslo-json' | 'fluent' | 'legacy-logcas';

/** What a format reader found; `time` and `level` are still the producer's values. */
export interface StructuredFields extends Partial<LogContextFields> {
  /** Name of the field the time came from, for error messages. */
  timeField: string;
  time: unknown;
  levelField: string;
  level: unknown;
  message: unknown;
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
 * Reads one structured log record. Throws ParseError naming the field when `value` can not be a log
 * record (not an object, no message, no usable time, an unknown level).
 */
export function parseStructuredRecord(value: unknown, options: StructuredParseOptions = {}): ParsedLog {
  if (!isObject(value)) {
    throw new ParseError(`A structured log record must be a JSON object, got ${describe(value)}`);
  }
  const kind = detectStructuredKind(value);
  const fields = kind === 'legacy-logcas' ? readLegacyLogcas(value) : readOsloJson(value);
  const clock = clockFor(options.timezone);

  const ms = readAnyTime(fields.time, clock);
  if (ms === null) {
    throw new ParseError(
      fields.time === undefined || fields.time === null
        ? `A structured log record needs a time: field "${fields.timeField}" is missing`
        : `Field "${fields.timeField}" is not a usable time: ${describe(fields.time)}`,
    );
  }
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
  const extra = fields.extra;
  return {
    ts: new Date(ms),
    level,
    levelName: levelName(level),
    host: text(fields.host) ?? options.host ?? null,
    service: text(fields.service) ?? options.service ?? null,
    logger: text(fields.logger),
    pid: integer(fields.pid),
    message: message as string,
    traceback: tracebackText(fields.traceback),
    ...context,
    source: options.channel ? { channel: options.channel } : {},
    extra: Object.keys(extra).length > 0 ? extra : null,
    raw: canonicalJson(value),
  };
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

/** A traceback as one text: producers send a string or a list of lines (each possibly ending in \n). */
function tracebackText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trimEnd();
  if (Array.isArray(value)) {
    const lines = value
      .filter((line): line is string => typeof line === 'string')
      .map((line) => line.replace(/\n$/, ''));
    const joined = lines.join('\n').trimEnd();
    return joined === '' ? null : joined;
  }
  return null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
