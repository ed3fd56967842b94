/**
 * Timestamps as OpenStack writes them: naive local times (`2026-11-24 10:41:03.123`, Python's asctime
 * with a comma, syslog's `Jan 25 09:30:44`), ISO 8601 with a zone (container runtimes), epoch seconds.
 * Digits are read with charCodeAt: this runs once per line on the hot path.
 */
import { ValidationError } from '../errors';

const MS_PER_MINUTE = 60_000;

/** Converts wall-clock times of one IANA zone to UTC epoch milliseconds, caching per minute. */
export class ZoneClock {
  readonly zone: string;
  private readonly utc: boolean;
  private readonly formatter: Intl.DateTimeFormat | null;
  private lastMinuteKey = -1;
  private lastMinuteMs = 0;

  constructor(zone = 'UTC') {
    this.zone = zone;
    this.utc = zone === 'UTC' || zone === 'Etc/UTC' || zone === 'utc';
    this.formatter = this.utc ? null : zoneFormatter(zone);
  }

  /** Epoch ms of a wall-clock time in this zone; month is 1-based. */
  toEpoch(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
    const key = ((((year * 13 + month) * 32 + day) * 24 + hour) * 60 + minute) | 0;
    if (key !== this.lastMinuteKey) {
      this.lastMinuteKey = key;
      this.lastMinuteMs = this.minuteToEpoch(year, month, day, hour, minute);
    }
    return this.lastMinuteMs + second * 1000 + ms;
  }

  private minuteToEpoch(year: number, month: number, day: number, hour: number, minute: number): number {
    const wall = Date.UTC(year, month - 1, day, hour, minute);
    if (this.utc || !this.formatter) return wall;
    // The zone's offset at the guessed instant; a second pass settles times near a DST change.
    const first = wall - zoneOffset(this.formatter, wall);
    const offset = zoneOffset(this.formatter, first);
    return wall - offset;
  }
}

/** Throws ValidationError unless `zone` is an IANA zone name this runtime knows. */
export function zoneFormatter(zone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  } catch (cause) {
    throw new ValidationError(
      `timezone: unknown time zone "${zone}" (use an IANA name such as Europe/Berlin)`,
      'timezone',
      {
        cause,
      },
    );
  }
}

/** Offset (wall clock minus UTC) of the zone at one instant, in ms, to the minute. */
function zoneOffset(formatter: Intl.DateTimeFormat, epochMs: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
  const instant = epochMs - (((epochMs % MS_PER_MINUTE) + MS_PER_MINUTE) % MS_PER_MINUTE);
  return wall - instant;
}

/** Two ASCII digits at `i`, or -1. */
export function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function digits4(s: string, i: number): number {
  const hi = digits2(s, i);
  const lo = digits2(s, i + 2);
  return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

/** Result of reading a timestamp: epoch ms and the index just after it; NaN time when it is not one. */
export interface TimeRead {
  ms: number;
  end: number;
}

/**
 * Reads `YYYY-MM-DD[ T]HH:MM:SS[.,]fff…` at `start`, then an optional `Z` / `±HH:MM` / `±HHMM` zone
 * (which wins over `clock`). Returns false when the text is not such a timestamp.
 */
export function readDateTime(s: string, start: number, clock: ZoneClock, out: TimeRead): boolean {
  const year = digits4(s, start);
  if (year < 0 || s.charCodeAt(start + 4) !== 45 || s.charCodeAt(start + 7) !== 45) return false;
  const month = digits2(s, start + 5);
  const day = digits2(s, start + 8);
  const sep = s.charCodeAt(start + 10);
  if (month < 1 || month > 12 || day < 1 || day > 31 || (sep !== 32 && sep !== 84)) return false;
  const hour = digits2(s, start + 11);
  const minute = digits2(s, start + 14);
  const second = digits2(s, start + 17);
  if (
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    second < 0 ||
    s.charCodeAt(start + 13) !== 58 ||
    s.charCodeAt(start + 16) !== 58
  )
    return false;
  let i = start + 19;
  let ms = 0;
  const dot = s.charCodeAt(i);
  if (dot === 46 || dot === 44) {
    // Fractions of any precision (msecs, micro, nano); keep milliseconds.
    i++;
    let scale = 100;
    let d = s.charCodeAt(i) - 48;
    while (d >= 0 && d <= 9) {
      if (scale >= 1) ms += d * scale;
      scale /= 10;
      d = s.charCodeAt(++i) - 48;
    }
  }
  const zc = s.charCodeAt(i);
  if (zc === 90 /* Z */) {
    out.ms = Date.UTC(year, month - 1, day, hour, minute, second, ms);
    out.end = i + 1;
    return true;
  }
  if ((zc === 43 || zc === 45) && digits2(s, i + 1) >= 0) {
    const oh = digits2(s, i + 1);
    const colon = s.charCodeAt(i + 3) === 58 ? 1 : 0;
    const om = digits2(s, i + 3 + colon);
    if (om >= 0) {
      const sign = zc === 43 ? 1 : -1;
      out.ms = Date.UTC(year, month - 1, day, hour, minute, second, ms) - sign * (oh * 60 + om) * MS_PER_MINUTE;
      out.end = i + 5 + colon;
      return true;
    }
  }
  out.ms = clock.toEpoch(year, month, day, hour, minute, second, ms);
  out.end = i;
  return true;
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/** Reads syslog's `Mon DD HH:MM:SS` (day may be space-padded) in the year given. */
export function readSyslogTime(s: string, start: number, year: number, clock: ZoneClock, out: TimeRead): boolean {
  if (s.charCodeAt(start + 3) !== 32) return false;
  const m = MONTHS.indexOf(s.substring(start, start + 3));
  if (m < 0 || m % 3 !== 0) return false;
  const d1 = s.charCodeAt(start + 4);
  const day = d1 === 32 ? s.charCodeAt(start + 5) - 48 : digits2(s, start + 4);
  const t = start + 7;
  const hour = digits2(s, t);
  const minute = digits2(s, t + 3);
  const second = digits2(s, t + 6);
  if (day < 1 || day > 31 || hour < 0 || minute < 0 || second < 0 || s.charCodeAt(t + 2) !== 58) return false;
  let i = t + 8;
  let ms = 0;
  // journalctl -o short-precise adds microseconds.
  if (s.charCodeAt(i) === 46) {
    i++;
    let scale = 100;
    let d = s.charCodeAt(i) - 48;
    while (d >= 0 && d <= 9) {
      if (scale >= 1) ms += d * scale;
      scale /= 10;
      d = s.charCodeAt(++i) - 48;
    }
  }
  out.ms = clock.toEpoch(year, m / 3 + 1, day, hour, minute, second, ms);
  out.end = i;
  return true;
}

/**
 * Epoch seconds → epoch ms, truncated as Python's logging computes `msecs` (`int((created - int(created)) *
 * 1000)`), so the millisecond is the one oslo.log's text line shows; `msecs`, when the producer wrote it,
 * is that value itself.
 */
export function epochSecondsToMs(seconds: number, msecs?: unknown): number {
  const whole = Math.floor(seconds);
  const fraction = typeof msecs === 'number' && msecs >= 0 && msecs < 1000 ? msecs : (seconds - whole) * 1000;
  return whole * 1000 + Math.floor(fraction);
}

/** A structured record's time as read by readAnyTime: epoch ms, and whether the record said the zone. */
export interface AnyTime {
  ms: number;
  /** False for a time string without a zone (read in the clock's zone). */
  exact: boolean;
}

const NUMERIC = /^\d+(\.\d+)?$/;
const ZONED = /(?:Z|[+-]\d\d:?\d\d)$/;

/**
 * Reads a structured record's time: epoch seconds (number or numeric string, with the producer's `msecs` when
 * given), a Date, or a timestamp string (naive ones in the clock's zone). Null when it is none of these.
 */
export function readAnyTime(value: unknown, clock: ZoneClock, msecs?: unknown): AnyTime | null {
  if (typeof value === 'number')
    return Number.isFinite(value) ? { ms: epochSecondsToMs(value, msecs), exact: true } : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { ms: value.getTime(), exact: true };
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (NUMERIC.test(text)) return { ms: epochSecondsToMs(Number(text), msecs), exact: true };
  const out: TimeRead = { ms: NaN, end: 0 };
  if (readDateTime(text, 0, clock, out) && out.end === text.length) return { ms: out.ms, exact: ZONED.test(text) };
  return null;
}
