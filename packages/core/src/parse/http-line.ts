/**
 * API request lines that OpenStack services log, in the variants they write:
 *   nova/neutron/cinder (eventlet wsgi):  10.0.0.1 "GET /v2.1/servers HTTP/1.1" status: 200  len: 1893 time: 0.2477829
 *   nova requestlog (uwsgi):              10.0.0.1 "GET /compute/v2.1/servers" status: 200 len: 15 microversion: 2.1 time: 0.05
 *   2013 eventlet access log:             10.0.0.1 - - [25/Jan/2013 09:30:44] "POST /v2.0/tokens HTTP/1.1" 200 2390 0.047361
 *   keystone/cinder/nova wsgi:            POST http://10.0.0.5/identity/v3/auth/tokens
 *   cinder/nova wsgi completion:          http://10.0.0.5/volume/v3/p/volumes returned with HTTP 200
 * Regexes run only after a cheap character check says the message may be one.
 */
import type { ParsedLog } from '../model/record';

const STATUS_LINE =
  /^([0-9A-Fa-f:][0-9A-Fa-f:.,%a-z]*) "([A-Z]+) (\S+?)(?: HTTP\/[\d.]+)?" status: (\d{3}) +len: (\d+)(.*)$/;
const ACCESS_LINE =
  /^([0-9A-Fa-f:][0-9A-Fa-f:.,%a-z]*) - \S+ \[[^\]]*\] "([A-Z]+) (\S+?)(?: HTTP\/[\d.]+)?" (\d{3}) (\d+|-) (\d+(?:\.\d+)?)/;
const METHOD_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (https?:\/\/\S+|\/\S*)$/;
const RETURNED_LINE = /^(https?:\/\/\S+) returned with HTTP (\d{3})/;
const TIME_FIELD = / time: (\d+(?:\.\d+)?)/;
const MICROVERSION_FIELD = / microversion: (\S+)/;

/** Path (with query) of an absolute URL or a path. */
function pathOf(url: string): string {
  if (url.charCodeAt(0) === 47) return url;
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  return slash < 0 ? '/' : url.substring(slash);
}

function secondsToMs(seconds: string): number {
  return Math.round(Number(seconds) * 1_000_000) / 1000;
}

/**
 * Fills the HTTP fields of `record` when `message` is an API request line; returns extra fields
 * (microversion, response length) or null when there are none.
 */
function applyHttpLine(record: ParsedLog, message: string): Record<string, unknown> | null {
  const c = message.charCodeAt(0);
  if (c === 104 /* h */) {
    if (!message.startsWith('http')) return null;
    const m = RETURNED_LINE.exec(message);
    if (m) {
      record.httpPath = pathOf(m[1] as string);
      record.httpStatus = Number(m[2]);
    }
    return null;
  }
  if (c >= 65 && c <= 90 && message.indexOf('"') < 0) {
    const m = METHOD_LINE.exec(message);
    if (m) {
      record.httpMethod = m[1] as string;
      record.httpPath = pathOf(m[2] as string);
    }
    return null;
  }
  if (message.indexOf('" ') < 0) return null;
  let m = STATUS_LINE.exec(message);
  if (m) {
    record.remoteAddress = m[1] as string;
    record.httpMethod = m[2] as string;
    record.httpPath = m[3] as string;
    record.httpStatus = Number(m[4]);
    const tail = m[6] as string;
    const time = TIME_FIELD.exec(tail);
    if (time) record.durationMs = secondsToMs(time[1] as string);
    const extra: Record<string, unknown> = { responseLength: Number(m[5]) };
    const micro = MICROVERSION_FIELD.exec(tail);
    if (micro) extra.microversion = micro[1];
    return extra;
  }
  m = ACCESS_LINE.exec(message);
  if (m) {
    record.remoteAddress = m[1] as string;
    record.httpMethod = m[2] as string;
    record.httpPath = m[3] as string;
    record.httpStatus = Number(m[4]);
    record.durationMs = secondsToMs(m[6] as string);
    return m[5] === '-' ? null : { responseLength: Number(m[5]) };
  }
  return null;
}

/**
 * Fills the HTTP fields of `record` when `message` (a record's first line) is an API request line; returns
 * the extra fields it adds (response length, microversion) or null. Every channel reads request lines here.
 */
export function readRequestLine(record: ParsedLog, message: string): Record<string, unknown> | null {
  return mayBeHttpLine(message) ? applyHttpLine(record, message) : null;
}

/** Cheap first-character test before the HTTP regexes: addresses, methods, URLs. */
function mayBeHttpLine(message: string): boolean {
  const c = message.charCodeAt(0);
  if (c >= 48 && c <= 57) return true; // IPv4 / IPv6 starting with a digit
  if (c === 58 || c === 104) return true; // ::1, http://
  if (c >= 97 && c <= 102) {
    const colon = message.indexOf(':');
    return colon > 0 && colon < 6; // fd00::, fe80::
  }
  switch (c) {
    case 71:
      return message.startsWith('GET ');
    case 80:
      return message.startsWith('POST ') || message.startsWith('PUT ') || message.startsWith('PATCH ');
    case 68:
      return message.startsWith('DELETE ');
    case 72:
      return message.startsWith('HEAD ');
    case 79:
      return message.startsWith('OPTIONS ');
  }
  return false;
}

// uWSGI's request log, written by services that run under uwsgi (keystone, placement, nova-api in devstack):
// [pid: 96215|app: 0|req: 3/12] 10.0.0.15 () {58 vars in 1157 bytes} [Tue Nov 24 10:41:03 2026] POST /identity/v3/auth/tokens => generated 4213 bytes in 351 msecs (HTTP/1.1 201) 6 headers in 386 bytes (1 switches on core 0)
const UWSGI_LINE =
  /^\[pid: (\d+)\|[^\]]*\] (\S+) \([^)]*\) \{[^}]*\} \[([^\]]+)\] ([A-Z]+) (\S+) => generated (\d+) bytes in (\d+) msecs \(HTTP\/[\d.]+ (\d{3})\)/;

/** What a uWSGI request line says; null when `text` is not one. */
export interface UwsgiRequest {
  pid: number;
  /** The line's own time text, e.g. `Tue Nov 24 10:41:03 2026`. */
  time: string;
  responseLength: number;
}

/** Whether `text` looks like a uWSGI request log line (cheap prefix test). */
export function isUwsgiLine(text: string): boolean {
  return text.startsWith('[pid: ');
}

/** Fills the HTTP fields of `record` from a uWSGI request log line. */
export function applyUwsgiLine(record: ParsedLog, text: string): UwsgiRequest | null {
  const m = UWSGI_LINE.exec(text);
  if (!m) return null;
  record.remoteAddress = m[2] as string;
  record.httpMethod = m[4] as string;
  record.httpPath = m[5] as string;
  record.durationMs = Number(m[7]);
  record.httpStatus = Number(m[8]);
  return { pid: Number(m[1]), time: m[3] as string, responseLength: Number(m[6]) };
}
