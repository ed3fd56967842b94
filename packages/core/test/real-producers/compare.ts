/**
 * The emission record of test/real-producers/emit.py (what oslo.log was asked to log, per record) against what
 * a channel stored: counts per service and level, then every record field by field, then the request
 * summaries (links). Returns readable differences; an empty list means the channel stored exactly what was
 * logged.
 */
import { readFileSync } from 'node:fs';
import type { StoredLog } from '../../src/model/record';
import type { StoredRequest } from '../../src/store/collections';

/** One record as emit.py's witness wrote it. */
export interface Emitted {
  host: string;
  service: string;
  pid: number;
  /** Epoch ms as oslo.log's text shows it: int(created) * 1000 + int(msecs). */
  ts: number;
  created: number;
  levelName: string;
  logger: string;
  requestId: string | null;
  globalRequestId: string | null;
  userId: string | null;
  projectId: string | null;
  userName: string | null;
  projectName: string | null;
  instance: string | null;
  authToken: string | null;
  message: string;
  continuation: string | null;
  traceback: string | null;
  http: { httpMethod: string; httpPath: string; httpStatus: number | null; durationMs: number | null } | null;
}

/** What a channel carries beyond the common record. */
export interface ChannelTraits {
  /** The process id reaches the record (text formats, JSONFormatter); FluentFormatter does not send it. */
  pid: boolean;
  /** User and project names reach the record (structured context); oslo's default text format omits them. */
  names: boolean;
  /** The oslo.context dict reaches `extra.context` (structured channels): `auth_token` is checked there. */
  context: boolean;
}

export function readEmitted(path: string): Emitted[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Emitted);
}

const LEVELS: Readonly<Record<string, number>> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };

function key(
  host: string | null,
  service: string | null,
  ts: number,
  level: string,
  logger: string | null,
  message: string,
): string {
  return `${host} ${service} ${new Date(ts).toISOString()} ${level} ${logger} ${JSON.stringify(message)}`;
}

function countBy<T>(items: readonly T[], by: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(by(item), (counts.get(by(item)) ?? 0) + 1);
  return counts;
}

/** Differences between the emitted records and the stored ones (empty when they agree). */
export function compareLogs(
  emitted: readonly Emitted[],
  stored: readonly StoredLog[],
  traits: ChannelTraits,
): string[] {
  const problems: string[] = [];
  const expectedCounts = countBy(emitted, (e) => `${e.service} ${e.levelName}`);
  const storedCounts = countBy(stored, (s) => `${s.service} ${s.levelName}`);
  for (const name of new Set([...expectedCounts.keys(), ...storedCounts.keys()])) {
    const want = expectedCounts.get(name) ?? 0;
    const got = storedCounts.get(name) ?? 0;
    if (want !== got) problems.push(`count of ${name}: emitted ${want}, stored ${got}`);
  }
  const pending = new Map<string, Emitted[]>();
  for (const e of emitted) {
    const k = key(e.host, e.service, e.ts, e.levelName, e.logger, e.message);
    pending.set(k, [...(pending.get(k) ?? []), e]);
  }
  for (const s of stored) {
    const k = key(s.host, s.service, s.ts.getTime(), s.levelName, s.logger, s.message);
    const e = pending.get(k)?.shift();
    if (!e) {
      problems.push(`stored but not emitted: ${k}`);
      continue;
    }
    problems.push(...compareRecord(e, s, traits).map((p) => `${k}: ${p}`));
  }
  for (const [k, left] of pending) for (const _ of left) problems.push(`emitted but not stored: ${k}`);
  return problems;
}

function compareRecord(e: Emitted, s: StoredLog, traits: ChannelTraits): string[] {
  const extra = (s.extra ?? {}) as Record<string, unknown>;
  const context = (extra.context ?? {}) as Record<string, unknown>;
  const fields: Array<[string, unknown, unknown]> = [
    ['level', s.level, LEVELS[e.levelName]],
    ['pid', s.pid, traits.pid ? e.pid : null],
    ['requestId', s.requestId, e.requestId],
    ['globalRequestId', s.globalRequestId, e.globalRequestId],
    ['userId', s.userId, e.userId],
    ['projectId', s.projectId, e.projectId],
    ['userName', s.userName, traits.names ? e.userName : null],
    ['projectName', s.projectName, traits.names ? e.projectName : null],
    ['instance', s.instance, e.instance],
    ['continuation', extra.continuation ?? null, e.continuation],
    ['traceback', s.traceback, e.traceback],
    ['httpMethod', s.httpMethod, e.http?.httpMethod ?? null],
    ['httpPath', s.httpPath, e.http?.httpPath ?? null],
    ['httpStatus', s.httpStatus, e.http?.httpStatus ?? null],
    ['durationMs', s.durationMs, e.http?.durationMs ?? null],
    ['split', extra.splitPart ?? null, null],
  ];
  if (traits.context && e.requestId !== null)
    fields.push(['extra.context.auth_token', context.auth_token, e.authToken]);
  return fields
    .filter(([, got, want]) => got !== want)
    .map(([name, got, want]) => `${name} stored ${JSON.stringify(got)}, emitted ${JSON.stringify(want)}`);
}

/**
 * Request summaries against the emission: one per request id, with its record count, its global request id
 * (the link between services), its services and, for API requests, the HTTP outcome.
 */
export function compareRequests(emitted: readonly Emitted[], summaries: readonly StoredRequest[]): string[] {
  const problems: string[] = [];
  const byRequest = new Map<string, Emitted[]>();
  for (const e of emitted) if (e.requestId) byRequest.set(e.requestId, [...(byRequest.get(e.requestId) ?? []), e]);
  const found = new Map(summaries.map((s) => [s._id, s]));
  for (const [requestId, records] of byRequest) {
    const summary = found.get(requestId);
    if (!summary) {
      problems.push(`request ${requestId}: no summary stored`);
      continue;
    }
    const http = records.find((r) => r.http !== null)?.http ?? null;
    const checks: Array<[string, unknown, unknown]> = [
      ['count', summary.count, records.length],
      ['globalRequestId', summary.globalRequestId, records[0]?.globalRequestId ?? null],
      [
        'services',
        [...summary.services].sort().join(','),
        [...new Set(records.map((r) => r.service))].sort().join(','),
      ],
      ['start', summary.start.getTime(), Math.min(...records.map((r) => r.ts))],
      ['end', summary.end.getTime(), Math.max(...records.map((r) => r.ts))],
    ];
    if (http?.httpStatus) checks.push(['httpStatus', summary.httpStatus, http.httpStatus]);
    for (const [name, got, want] of checks) {
      if (got !== want)
        problems.push(`request ${requestId}: ${name} stored ${JSON.stringify(got)}, emitted ${JSON.stringify(want)}`);
    }
  }
  if (summaries.length !== byRequest.size)
    problems.push(`${summaries.length} request summaries, ${byRequest.size} request ids emitted`);
  return problems;
}
