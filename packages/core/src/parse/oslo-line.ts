/**
 * One oslo.log text line (after wrappers are peeled) → a record:
 *   `<date> <time>[.ms] [<pid>] <LEVEL> <logger> [<context>] [instance: <uuid>] <message>[ <debug suffix>]`
 * or devstack's journald form without date and pid (`DEBUG nova.compute.manager [None req-…] …`), whose
 * time and pid come from the wrapper. This is the hot path: indexOf/charCodeAt, no per-line regex.
 */
import { emptyContext, LEVELS, levelName } from '@logcas/contract';
import type { ParsedLog } from '../model/record';
import { applyContext, isContextStart } from './context';
import { splitDebugSuffix, splitDevstackSuffix, type DebugSuffix } from './debug-suffix';
import { readRequestLine } from './http-line';
import { readDateTime, type TimeRead, type ZoneClock } from './time';
import type { Envelope } from './wrappers';

// Bound once: under tsx (tests, benchmarks) imports compile to getters, which would run on every line.
const readRequest = readRequestLine;

/** Per-stream values every record of a text parser shares. */
export interface LineDefaults {
  host: string | null;
  service: string | null;
  file: string | undefined;
}

const NO_CONTEXT = emptyContext();

/** A fresh record with every field present, always in the same order (one hidden class for V8). */
export function newRecord(
  ms: number,
  level: number,
  levelName: string,
  logger: string | null,
  pid: number | null,
  message: string,
  raw: string,
  offset: number,
  env: Envelope,
  defaults: LineDefaults,
): ParsedLog {
  return {
    ts: new Date(ms),
    level,
    levelName,
    host: env.host ?? defaults.host,
    service: env.service ?? defaults.service,
    logger,
    pid,
    message,
    traceback: null,
    ...NO_CONTEXT,
    source: defaults.file === undefined ? { offset } : { file: defaults.file, offset },
    extra: null,
    raw,
  };
}

/** Level of the token body[start, end), as [number, canonical name]; oslo writes the names upper-case. */
function levelAt(body: string, start: number, end: number): number {
  switch (end - start) {
    case 4:
      if (body.startsWith('INFO', start)) return LEVELS.INFO;
      if (body.startsWith('WARN', start)) return LEVELS.WARNING;
      return -1;
    case 5:
      switch (body.charCodeAt(start)) {
        case 68:
          return body.startsWith('DEBUG', start) ? LEVELS.DEBUG : -1;
        case 69:
          return body.startsWith('ERROR', start) ? LEVELS.ERROR : -1;
        case 84:
          return body.startsWith('TRACE', start) ? LEVELS.TRACE : -1;
        case 65:
          return body.startsWith('AUDIT', start) ? LEVELS.AUDIT : -1;
        case 70:
          return body.startsWith('FATAL', start) ? LEVELS.CRITICAL : -1;
      }
      return -1;
    case 7:
      return body.startsWith('WARNING', start) ? LEVELS.WARNING : -1;
    case 8:
      return body.startsWith('CRITICAL', start) ? LEVELS.CRITICAL : -1;
  }
  return -1;
}

/** Scratch values one parser reuses between lines. */
export interface LineScratch {
  time: TimeRead;
  /** Set by readOsloLine: whether the record's time came from the wrapper (second precision). */
  timeFromWrapper: boolean;
  /** Set by readOsloLine: whether the line had a context bracket (`[-]`, `[req-… …]`, `[None req-…]`). */
  hasContext: boolean;
  suffix: DebugSuffix;
}

/**
 * Reads `body` as an oslo line; null when it is not one (the caller keeps it as a continuation or an
 * unparsed record). `raw` and `offset` go into the record unchanged.
 */
export function readOsloLine(
  body: string,
  raw: string,
  offset: number,
  env: Envelope,
  clock: ZoneClock,
  defaults: LineDefaults,
  scratch: LineScratch,
): ParsedLog | null {
  const len = body.length;
  let i = 0;
  let ms: number;
  let pid: number | null = env.pid;
  const c0 = body.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    const time = scratch.time;
    if (!readDateTime(body, 0, clock, time) || body.charCodeAt(time.end) !== 32) return null;
    ms = time.ms;
    i = time.end + 1;
    let p = 0;
    let j = i;
    let d = body.charCodeAt(j) - 48;
    while (d >= 0 && d <= 9) {
      p = p * 10 + d;
      d = body.charCodeAt(++j) - 48;
    }
    if (j > i && body.charCodeAt(j) === 32) {
      pid = p;
      i = j + 1;
    }
    scratch.timeFromWrapper = false;
  } else if (c0 >= 65 && c0 <= 90 && env.ms === env.ms) {
    ms = env.ms;
    scratch.timeFromWrapper = true;
  } else {
    return null;
  }
  // 2013 keystone/glance wrote `%(levelname)8s [%(name)s]`: padded level, logger in brackets.
  while (body.charCodeAt(i) === 32) i++;
  const levelEnd = body.indexOf(' ', i);
  if (levelEnd < 0) return null;
  const level = levelAt(body, i, levelEnd);
  if (level < 0) return null;
  i = levelEnd + 1;
  let loggerStart = i;
  let loggerEnd: number;
  if (body.charCodeAt(i) === 91 /* [ */ && !isContextStart(body, i)) {
    loggerStart = i + 1;
    loggerEnd = body.indexOf(']', loggerStart);
    if (loggerEnd < 0) return null;
    i = loggerEnd + 2;
  } else {
    loggerEnd = body.indexOf(' ', i);
    if (loggerEnd < 0) loggerEnd = len;
    i = loggerEnd + 1;
  }
  if (loggerEnd === loggerStart) return null;
  const record = newRecord(
    ms,
    level,
    levelName(level),
    body.substring(loggerStart, loggerEnd),
    pid,
    '',
    raw,
    offset,
    env,
    defaults,
  );
  let extra: Record<string, unknown> | null = null;
  scratch.hasContext = false;
  if (body.charCodeAt(i) === 91 /* [ */) {
    if (isContextStart(body, i)) {
      const close = body.indexOf(']', i);
      if (close > 0) {
        scratch.hasContext = true;
        const scope = applyContext(record, body, i + 1, close);
        if (scope !== null) extra = { systemScope: scope };
        i = body.charCodeAt(close + 1) === 32 ? close + 2 : close + 1;
      }
    }
    if (body.startsWith('[instance: ', i)) {
      const close = body.indexOf(']', i);
      if (close > 0) {
        record.instance = body.substring(i + 11, close);
        i = body.charCodeAt(close + 1) === 32 ? close + 2 : close + 1;
      }
    }
  }
  let message = i >= len ? '' : i === 0 ? body : body.substring(i);
  const last = message.charCodeAt(message.length - 1);
  if (last === 125 /* } */) {
    const suffix = splitDevstackSuffix(message, scratch.suffix);
    if (suffix) {
      message = suffix.message;
      extra = withWhere(extra, suffix);
      if (record.pid === null) record.pid = suffix.pid;
    }
  } else if (level === LEVELS.DEBUG && last >= 48 && last <= 57) {
    const suffix = splitDebugSuffix(message, scratch.suffix);
    if (suffix) {
      message = suffix.message;
      extra = withWhere(extra, suffix);
    }
  }
  record.message = message;
  const http = readRequest(record, message);
  if (http) extra = extra === null ? http : Object.assign(extra, http);
  record.extra = extra;
  return record;
}

function withWhere(extra: Record<string, unknown> | null, where: DebugSuffix): Record<string, unknown> {
  if (extra === null) return { funcName: where.funcName, pathname: where.pathname, lineno: where.lineno };
  extra.funcName = where.funcName;
  extra.pathname = where.pathname;
  extra.lineno = where.lineno;
  return extra;
}
