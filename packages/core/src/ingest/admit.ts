/**
 * The last check before a record is written, the same for every channel (docs/formats.md, "What the database
 * accepts"): a record is either made storable or refused with a reason, so one poison record never reaches
 * the database and never costs the records around it. Pure.
 *
 * - `ts` must be a real date inside a sane window (2000-01-01 to one day after now): a producer's epoch in
 *   the wrong unit (`created: 1e15`, `8.64e12`) or a line with no time is refused, not stored at 1970 or in
 *   year 275760 where it would sort first in every list and never be found.
 * - `extra` keys the servers refuse are escaped: `.` → `．` (U+FF0E), a leading `$` → `＄` (U+FF04), NUL →
 *   `␀` (U+2400), an empty key → `(empty)`; a key that then collides gets ` (2)`, ` (3)`, …
 * - `extra` deeper than `maxDepth` levels is cut: the deeper value becomes its JSON text (at most 1 KiB).
 * - `extra` with more than `maxKeys` keys and array items (all levels) keeps the first ones;
 *   `extra.droppedKeys` says how many went.
 * - Numbers that are not finite (NaN and ±Infinity, which msgpack can carry) become their names as text:
 *   FerretDB 1.24 drops the connection on them.
 * - A record whose document would pass `maxBytes` is refused (MongoDB and FerretDB stop at 16 MiB; the
 *   parsers already split long text, so only a pathological record gets here).
 */
import type { ParsedLog } from '../model/record';

/** The bounds `admitRecord` applies. */
export interface AdmissionLimits {
  /** Earliest accepted event time (epoch ms). */
  earliestMs: number;
  /** How far after now an event time may lie (ms). */
  futureMs: number;
  /** Deepest nesting kept in `extra` (extra's own keys are level 1). */
  maxDepth: number;
  /** Most keys kept in `extra`, counted over every level. */
  maxKeys: number;
  /** Largest document stored (an upper bound of its BSON size). */
  maxBytes: number;
}

export const ADMISSION_LIMITS: AdmissionLimits = {
  earliestMs: Date.UTC(2000, 0, 1),
  futureMs: 86_400_000,
  maxDepth: 20,
  maxKeys: 1000,
  maxBytes: 8 * 1024 * 1024,
};

/** A record made storable, or the reason it can not be stored. */
export type Admission = { record: ParsedLog; reason?: undefined } | { record?: undefined; reason: string };

/** Longest JSON text a cut-off subtree keeps. */
const CUT_TEXT = 1024;
/** Bytes counted for every field besides its text: type, name terminator, length prefixes, numbers. */
const FIELD_OVERHEAD = 24;

/** Checks and normalises one record; `now` is the wall clock (epoch ms) the future bound is taken from. */
export function admitRecord(
  record: ParsedLog,
  now: number = Date.now(),
  limits: AdmissionLimits = ADMISSION_LIMITS,
): Admission {
  const time = timeProblem(record.ts, now, limits);
  if (time) return { reason: time };
  const walk = new ExtraWalk(limits);
  const extra = record.extra === null ? null : walk.object(record.extra, 1);
  if (extra !== null && walk.dropped > 0) extra.droppedKeys = walk.dropped;
  const admitted: ParsedLog = {
    ...record,
    pid: finiteOrNull(record.pid),
    httpStatus: finiteOrNull(record.httpStatus),
    durationMs: finiteOrNull(record.durationMs),
    extra,
  };
  const bytes = walk.bytes + recordBytes(admitted);
  if (bytes > limits.maxBytes) {
    return {
      reason: `record is too large to store: about ${mib(bytes)} MiB, the limit is ${mib(limits.maxBytes)} MiB`,
    };
  }
  return { record: admitted };
}

function timeProblem(ts: Date, now: number, limits: AdmissionLimits): string | undefined {
  const ms = ts instanceof Date ? ts.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) return 'time is not a representable date (an epoch in the wrong unit?)';
  const window = `${new Date(limits.earliestMs).toISOString().slice(0, 10)} to ${limits.futureMs / 3_600_000} h after now`;
  if (ms < limits.earliestMs) {
    return ms === 0
      ? `record has no time (1970-01-01T00:00:00.000Z); accepted times are ${window}`
      : `time ${ts.toISOString()} is before the accepted window (${window})`;
  }
  if (ms > now + limits.futureMs) return `time ${ts.toISOString()} is in the future (accepted: ${window})`;
  return undefined;
}

function finiteOrNull(value: number | null): number | null {
  return value === null || Number.isFinite(value) ? value : null;
}

const mib = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/** Upper bound of a string's UTF-8 bytes without encoding short ones (a UTF-16 unit is at most 3 bytes). */
function textBytes(text: string): number {
  return text.length <= 1024 ? text.length * 3 : Buffer.byteLength(text, 'utf8');
}

/** Bytes of every field but `extra`, which the walk measured. */
function recordBytes(record: ParsedLog): number {
  let bytes = 512;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'extra' || key === 'raw') continue;
    bytes += FIELD_OVERHEAD + key.length + (typeof value === 'string' ? textBytes(value) : 0);
  }
  return bytes;
}

/** Key names as stored: what the servers refuse is replaced by a look-alike (see the file comment). */
export function storableKey(key: string): string {
  if (key === '') return '(empty)';
  let out = key;
  if (out.includes('.')) out = out.replaceAll('.', '\uff0e');
  if (out.includes('\u0000')) out = out.replaceAll('\u0000', '\u2400');
  if (out.startsWith('$')) out = `\uff04${out.slice(1)}`;
  return out;
}

/** One pass over `extra`: escapes keys, cuts depth and key count, replaces non-finite numbers, counts bytes. */
class ExtraWalk {
  bytes = 0;
  dropped = 0;
  private keys = 0;

  constructor(private readonly limits: AdmissionLimits) {}

  object(value: Record<string, unknown>, depth: number): Record<string, unknown> {
    const entries: Array<[string, unknown]> = [];
    const used = new Set<string>();
    for (const [key, inner] of Object.entries(value)) {
      if (this.keys >= this.limits.maxKeys) {
        this.dropped += 1;
        continue;
      }
      this.keys += 1;
      let name = storableKey(key);
      for (let n = 2; used.has(name); n += 1) name = `${storableKey(key)} (${n})`;
      used.add(name);
      this.bytes += FIELD_OVERHEAD + textBytes(name);
      entries.push([name, this.value(inner, depth)]);
    }
    // fromEntries defines own properties, so a key such as `__proto__` stays a key.
    return Object.fromEntries(entries);
  }

  private value(value: unknown, depth: number): unknown {
    if (typeof value === 'string') {
      this.bytes += textBytes(value);
      return value;
    }
    if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
    if (typeof value === 'bigint') return value.toString();
    if (value === null || typeof value !== 'object' || value instanceof Date) return value ?? null;
    if (ArrayBuffer.isView(value)) {
      this.bytes += value.byteLength;
      return value;
    }
    if (depth >= this.limits.maxDepth) return this.cut(value);
    if (Array.isArray(value)) return this.array(value, depth);
    return this.object(value as Record<string, unknown>, depth + 1);
  }

  /** Array items are BSON fields too: they count against the key limit like keys. */
  private array(items: unknown[], depth: number): unknown[] {
    const kept = Math.max(0, Math.min(items.length, this.limits.maxKeys - this.keys));
    this.keys += kept;
    this.dropped += items.length - kept;
    this.bytes += kept * FIELD_OVERHEAD;
    const out: unknown[] = new Array(kept);
    for (let i = 0; i < kept; i++) out[i] = this.value(items[i], depth + 1);
    return out;
  }

  /** A subtree below the depth limit, as (the start of) its JSON text. */
  private cut(value: object): string {
    let text: string;
    try {
      text = JSON.stringify(value) ?? 'null';
    } catch {
      text = '[nested too deep to show]';
    }
    if (text.length > CUT_TEXT) text = `${text.slice(0, CUT_TEXT)}…`;
    this.bytes += textBytes(text);
    return text;
  }
}
