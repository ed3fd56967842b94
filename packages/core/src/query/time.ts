/** Reading the API's times (ISO 8601 or epoch milliseconds) and time windows, naming the bad parameter. */
import { DEFAULT_SPAN_SECONDS, MAX_SPAN_SECONDS, TIME_PATTERN } from '@logcas/contract';
import { ValidationError } from '../errors';

// The API's own rule (the OpenAPI document states it): epoch ms, or an ISO 8601 date that exists.
const TIME = new RegExp(TIME_PATTERN);
const EPOCH_MS = /^-?[0-9]{1,15}$/;

/** A time parameter: epoch ms (number or digits) or ISO 8601; an ISO time without an offset is UTC. */
export function parseTime(input: string | number | Date, parameter: string): Date {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) throw new ValidationError(`${parameter} is not a valid time`, parameter);
    return input;
  }
  let ms: number;
  if (typeof input === 'number') ms = input;
  else if (typeof input !== 'string')
    ms = Number.NaN; // a library caller's object is never an operator
  else {
    const text = input;
    if (!TIME.test(text)) ms = Number.NaN;
    else if (EPOCH_MS.test(text)) ms = Number(text);
    else {
      const hasTime = /[0-9][Tt ][0-9]/.test(text);
      const hasZone = /([Zz]|[+-][0-9]{2}:?[0-9]{2})$/.test(text);
      ms = Date.parse((hasTime && !hasZone ? `${text}Z` : text).replace(/[t ]/, 'T'));
    }
  }
  // Dates beyond ±8.64e15 ms are not representable; also reject non-integers from JSON numbers.
  if (!Number.isInteger(ms) || Math.abs(ms) > 8.64e15) {
    throw new ValidationError(
      `${parameter} must be an ISO 8601 time (e.g. 2026-11-24T10:41:03.123Z) or epoch milliseconds; got ${JSON.stringify(String(input)).slice(0, 80)}`,
      parameter,
    );
  }
  return new Date(ms);
}

export interface TimeRange {
  from?: Date;
  to?: Date;
}

export interface WindowInput {
  from?: string | number | Date;
  to?: string | number | Date;
  around?: string | number | Date;
  span?: number;
}

/**
 * from/to, or the range window `around ± span` seconds (both bounds inclusive). Mixing the two, a span
 * without `around`, a span outside 1–MAX_SPAN_SECONDS or from after to is a 400 naming the parameter.
 */
export function readTimeRange(input: WindowInput): TimeRange {
  if (input.around !== undefined) {
    if (input.from !== undefined) throw new ValidationError('from can not be combined with around', 'from');
    if (input.to !== undefined) throw new ValidationError('to can not be combined with around', 'to');
    const span = input.span ?? DEFAULT_SPAN_SECONDS;
    if (!Number.isInteger(span) || span < 1 || span > MAX_SPAN_SECONDS) {
      throw new ValidationError(`span must be an integer from 1 to ${MAX_SPAN_SECONDS} seconds`, 'span');
    }
    const around = parseTime(input.around, 'around').getTime();
    return { from: new Date(around - span * 1000), to: new Date(around + span * 1000) };
  }
  if (input.span !== undefined) throw new ValidationError('span needs around', 'span');
  const range: TimeRange = {};
  if (input.from !== undefined) range.from = parseTime(input.from, 'from');
  if (input.to !== undefined) range.to = parseTime(input.to, 'to');
  if (range.from && range.to && range.from.getTime() > range.to.getTime()) {
    throw new ValidationError('from must not be after to', 'from');
  }
  return range;
}
