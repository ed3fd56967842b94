/**
 * What deployments wrap oslo.log lines in, peeled off before the oslo format is read:
 *   journald export   `Jan 25 09:30:44 host nova-compute[1234]: …` (also short-iso / short-precise); a
 *                     multi-line entry (oslo's journal handler) continues on lines indented to the body
 *   container prefix  `2025-05-14T04:34:11.325Z [nova-scheduler] …` (pebble, docker compose)
 *   kubectl --prefix  `[pod/nova-compute-0/nova-compute] …`
 *   CRI log files     `2025-05-14T04:34:11.325123456Z stdout F …` (P = partial line, joined with the next)
 *   runtime time      `2025-05-14T04:34:11.325123456Z …` (docker logs -t, kubectl logs --timestamps)
 *   Apache error log  `2025-05-14 04:34:11.783384 …` (ErrorLogFormat "%{cu}t %M", Sunbeam) or
 *                     `[Wed May 14 04:34:11.783384 2025] [wsgi:error] [pid 36:tid 140] [remote 10.0.0.1:5678] …`
 *                     (the default), alone or inside one of the wrappers above
 *   ANSI colour codes written by oslo's ColorHandler.
 */
import { normaliseServiceName } from './service-name';
import { digits2, readDateTime, readSyslogTime, type TimeRead, type ZoneClock } from './time';

// CSI sequences (colours, resets) as written by oslo's ColorHandler and coloured terminals.
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Removes ANSI escape sequences; callers check for `\x1b` first so clean lines cost nothing. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Which wrapper a line had (the outermost one). */
export const WRAPPER = {
  none: 0,
  journald: 1,
  container: 2,
  cri: 3,
  /** Only a runtime timestamp: the same shape as a foreign line that starts with its own ISO time. */
  runtimeTime: 4,
  apache: 5,
} as const;
export type WrapperKind = (typeof WRAPPER)[keyof typeof WRAPPER];

/** What a wrapper said about a line. Reused between lines by one parser (no allocation per line). */
export interface Envelope {
  /** The wrapped text (the oslo line), or the whole line when there is no wrapper. */
  body: string;
  kind: WrapperKind;
  /** The wrapper's time (epoch ms) or NaN. */
  ms: number;
  host: string | null;
  /** The service the wrapper names, normalised (normaliseServiceName). */
  service: string | null;
  /** The wrapper's own name for the service when normalising changed it, else null. */
  rawService: string | null;
  pid: number | null;
  /** CRI `P` tag: the body continues in the next line. */
  partial: boolean;
  /** journald: where the body starts, the indentation of the entry's further lines. */
  indent: number;
}

export function emptyEnvelope(): Envelope {
  return {
    body: '',
    kind: WRAPPER.none,
    ms: NaN,
    host: null,
    service: null,
    rawService: null,
    pid: null,
    partial: false,
    indent: 0,
  };
}

/** Copies what a wrapper said (not the body) from one envelope to another. */
export function copyEnvelope(from: Envelope, to: Envelope): void {
  to.kind = from.kind;
  to.ms = from.ms;
  to.host = from.host;
  to.service = from.service;
  to.rawService = from.rawService;
  to.pid = from.pid;
  to.partial = false;
  to.indent = from.indent;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Peels the wrappers off `text` into `env`. Returns false (and leaves `env.body = text`) when the line is
 * not wrapped. An oslo line itself (`2026-11-24 10:41:03.123 …`, milliseconds, space after the date) is never
 * a wrapper.
 */
export function unwrap(text: string, year: number, clock: ZoneClock, env: Envelope, time: TimeRead): boolean {
  env.body = text;
  env.kind = WRAPPER.none;
  env.ms = NaN;
  env.host = null;
  env.service = null;
  env.rawService = null;
  env.pid = null;
  env.partial = false;
  env.indent = 0;
  const c0 = text.charCodeAt(0);
  if (isDigit(c0)) {
    if (text.charCodeAt(10) === 84 /* T */) {
      if (!readDateTime(text, 0, clock, time) || text.charCodeAt(time.end) !== 32) return false;
      readRuntimeWrapper(text, time.end + 1, clock, time, env);
      peelApache(env, clock, time);
      return true;
    }
    // Only an Apache time (six-digit fraction) has a space at 26; an oslo line has its pid there.
    return text.charCodeAt(26) === 32 && peelApache(env, clock, time);
  }
  if (c0 === 91 /* [ */) {
    if (text.startsWith('[pod/')) {
      const close = text.indexOf('] ', 5);
      if (close < 0) return false;
      const slash = text.lastIndexOf('/', close);
      if (slash <= 4) return false;
      env.kind = WRAPPER.container;
      setService(env, text.substring(slash + 1, close));
      env.body = text.substring(close + 2);
      peelApache(env, clock, time);
      return true;
    }
    return peelApache(env, clock, time);
  }
  if (isUpper(c0) && text.charCodeAt(3) === 32 && readSyslogTime(text, 0, year, clock, time)) {
    if (text.charCodeAt(time.end) !== 32 || !readSyslogTail(text, time.end + 1, env)) return false;
    env.kind = WRAPPER.journald;
    env.ms = time.ms;
    return true;
  }
  return false;
}

/** What follows a runtime's ISO timestamp: `[service] `, `stdout F `, a syslog tail (short-iso), or the line. */
function readRuntimeWrapper(text: string, rest: number, clock: ZoneClock, time: TimeRead, env: Envelope): void {
  env.ms = time.ms;
  const c = text.charCodeAt(rest);
  if (c === 91 /* [ */) {
    const close = text.indexOf('] ', rest);
    if (close > rest + 1) {
      env.kind = WRAPPER.container;
      setService(env, text.substring(rest + 1, close));
      env.body = text.substring(close + 2);
      return;
    }
  }
  if (text.startsWith('stdout ', rest) || text.startsWith('stderr ', rest)) {
    const tag = text.charCodeAt(rest + 7);
    if ((tag === 70 /* F */ || tag === 80) /* P */ && text.charCodeAt(rest + 8) === 32) {
      env.kind = WRAPPER.cri;
      env.partial = tag === 80;
      env.body = text.substring(rest + 9);
      return;
    }
  }
  // journalctl -o short-iso: `<iso time> host program[pid]: …`; a second timestamp is not a host.
  if (!(isDigit(c) && readDateTime(text, rest, clock, time)) && readSyslogTail(text, rest, env)) {
    env.kind = WRAPPER.journald;
    return;
  }
  env.kind = WRAPPER.runtimeTime;
  env.body = text.substring(rest);
}

function setService(env: Envelope, name: string): void {
  const service = normaliseServiceName(name);
  env.service = service;
  env.rawService = service === name ? null : name;
}

// syslog's host and program names: no quotes, braces or spaces (a JSON or text line is not a syslog tail).
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const PROGRAM_NAME = /^[^\s"'{}=,]+$/;

/** `host program[pid]: body` (pid optional) from `start`; fills env and returns true when it fits. */
function readSyslogTail(text: string, start: number, env: Envelope): boolean {
  const hostEnd = text.indexOf(' ', start);
  if (hostEnd <= start) return false;
  const colon = text.indexOf(': ', hostEnd + 1);
  if (colon < 0) return false;
  let progEnd = colon;
  let pid: number | null = null;
  if (text.charCodeAt(colon - 1) === 93 /* ] */) {
    const open = text.lastIndexOf('[', colon);
    if (open <= hostEnd) return false;
    pid = Number(text.substring(open + 1, colon - 1));
    if (!Number.isInteger(pid)) return false;
    progEnd = open;
  }
  const host = text.substring(start, hostEnd);
  const program = text.substring(hostEnd + 1, progEnd);
  if (!HOST_NAME.test(host) || !PROGRAM_NAME.test(program)) return false;
  env.host = host;
  setService(env, program);
  env.pid = pid;
  env.body = text.substring(colon + 2);
  env.indent = colon + 2;
  return true;
}

/**
 * Peels an Apache error-log prefix off `env.body` (mod_wsgi writes each line a hosted service logs to stderr
 * with one). Returns whether there was one; keeps a time and pid the outer wrapper gave.
 */
function peelApache(env: Envelope, clock: ZoneClock, time: TimeRead): boolean {
  const body = env.body;
  const c0 = body.charCodeAt(0);
  let end = -1;
  if (isDigit(c0)) {
    // %{cu}t: `YYYY-MM-DD HH:MM:SS.ffffff ` — six digits, where an oslo line has three.
    if (
      body.charCodeAt(10) !== 32 ||
      body.charCodeAt(19) !== 46 ||
      body.charCodeAt(26) !== 32 ||
      digits2(body, 22) < 0 ||
      digits2(body, 24) < 0 ||
      !readDateTime(body, 0, clock, time) ||
      time.end !== 26
    )
      return false;
    end = 27;
  } else if (c0 === 91 /* [ */) {
    end = readApacheBrackets(body, clock, time, env);
    if (end < 0) return false;
  } else {
    return false;
  }
  if (env.ms !== env.ms) env.ms = time.ms;
  if (env.kind === WRAPPER.none) env.kind = WRAPPER.apache;
  env.body = body.substring(end);
  return true;
}

/**
 * `[Wed May 14 04:34:11.783384 2025] [wsgi:error] [pid 36:tid 140] [remote 10.0.0.1:5678] ` → the index after
 * it (the module, pid and client groups are each optional), or -1.
 */
function readApacheBrackets(body: string, clock: ZoneClock, time: TimeRead, env: Envelope): number {
  const close = body.indexOf('] ');
  // `[Www Mmm dd hh:mm:ss.uuuuuu yyyy]`
  if (close < 25 || close > 40 || body.charCodeAt(4) !== 32 || body.charCodeAt(close - 5) !== 32) return -1;
  const y = Number(body.substring(close - 4, close));
  if (!Number.isInteger(y) || !readSyslogTime(body, 5, y, clock, time) || time.end !== close - 5) return -1;
  let i = close + 2;
  for (let group = 0; group < 3 && body.charCodeAt(i) === 91; group++) {
    const end = body.indexOf('] ', i);
    if (end < 0) break;
    if (body.startsWith('[pid ', i)) {
      let pid = 0;
      let j = i + 5;
      while (isDigit(body.charCodeAt(j))) pid = pid * 10 + body.charCodeAt(j++) - 48;
      if (j > i + 5) env.pid ??= pid;
    } else if (!(body.startsWith('[client ', i) || body.startsWith('[remote ', i) || isModuleLevel(body, i, end))) {
      break;
    }
    i = end + 2;
  }
  return i;
}

/** `[wsgi:error]`, `[core:notice]`: a module and a level, no spaces. */
function isModuleLevel(body: string, start: number, end: number): boolean {
  const colon = body.indexOf(':', start);
  return colon > start + 1 && colon < end && body.lastIndexOf(' ', end) < start;
}
