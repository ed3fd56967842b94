/**
 * What deployments wrap oslo.log lines in, peeled off before the oslo format is read:
 *   journald export  `Jan 25 09:30:44 host nova-compute[1234]: …` (also short-iso / short-precise)
 *   container prefix `2025-05-14T04:34:11.325Z [nova-scheduler] …`, `docker logs -t` `<iso> …`
 *   CRI log files    `2025-05-14T04:34:11.325123456Z stdout F …` (P = partial line, joined with the next)
 *   ANSI colour codes written by oslo's ColorHandler.
 */
import { serviceFromUnit } from './service-name';
import { readDateTime, readSyslogTime, type TimeRead, type ZoneClock } from './time';

// CSI sequences (colours, resets) as written by oslo's ColorHandler and coloured terminals.
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Removes ANSI escape sequences; callers check for `\x1b` first so clean lines cost nothing. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** What a wrapper said about a line. Reused between lines by one parser (no allocation per line). */
export interface Envelope {
  /** The wrapped text (the oslo line), or the whole line when there is no wrapper. */
  body: string;
  /** The wrapper's time (epoch ms) or NaN. */
  ms: number;
  host: string | null;
  service: string | null;
  pid: number | null;
  /** CRI `P` tag: the body continues in the next line. */
  partial: boolean;
}

export function emptyEnvelope(): Envelope {
  return { body: '', ms: NaN, host: null, service: null, pid: null, partial: false };
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/**
 * Peels one wrapper off `text` into `env`. Returns false (and leaves `env.body = text`) when the line is
 * not wrapped. An oslo line itself (`2026-11-24 10:41:03.123 …`, space after the date) is never a wrapper.
 */
export function unwrap(text: string, year: number, clock: ZoneClock, env: Envelope, time: TimeRead): boolean {
  env.body = text;
  env.ms = NaN;
  env.host = null;
  env.service = null;
  env.pid = null;
  env.partial = false;
  const c0 = text.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    if (text.charCodeAt(10) !== 84 /* T */ || !readDateTime(text, 0, clock, time)) return false;
    if (text.charCodeAt(time.end) !== 32) return false;
    const rest = time.end + 1;
    env.ms = time.ms;
    const c = text.charCodeAt(rest);
    if (c === 91 /* [ */) {
      const close = text.indexOf('] ', rest);
      if (close > rest + 1) {
        env.service = text.substring(rest + 1, close);
        env.body = text.substring(close + 2);
        return true;
      }
    }
    if (text.startsWith('stdout ', rest) || text.startsWith('stderr ', rest)) {
      const tag = text.charCodeAt(rest + 7);
      if ((tag === 70 /* F */ || tag === 80) /* P */ && text.charCodeAt(rest + 8) === 32) {
        env.partial = tag === 80;
        env.body = text.substring(rest + 9);
        return true;
      }
    }
    if (!readSyslogTail(text, rest, env)) env.body = text.substring(rest);
    return true;
  }
  if (isUpper(c0) && text.charCodeAt(3) === 32 && readSyslogTime(text, 0, year, clock, time)) {
    if (text.charCodeAt(time.end) !== 32 || !readSyslogTail(text, time.end + 1, env)) return false;
    env.ms = time.ms;
    return true;
  }
  return false;
}

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
  const program = text.substring(hostEnd + 1, progEnd);
  // A program name has no spaces; anything else means this was not a syslog line.
  if (program.length === 0 || program.indexOf(' ') >= 0) return false;
  env.host = text.substring(start, hostEnd);
  env.service = serviceFromUnit(program);
  env.pid = pid;
  env.body = text.substring(colon + 2);
  return true;
}
