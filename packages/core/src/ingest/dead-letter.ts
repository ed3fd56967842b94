/** A refused record as a dead letter: where it came from, why, and its text (cut). Pure. */
import type { StoredDeadLetter } from '../store/collections';
import { DEAD_LETTER_TEXT } from '../store/dead-letters';
import type { Rejection } from './prepare';

export function deadLetterOf(rejection: Rejection, at: Date): StoredDeadLetter {
  const { record, id, reason } = rejection;
  const ms = record.ts instanceof Date ? record.ts.getTime() : Number.NaN;
  // A date BSON can carry but nobody can read back (year 275760) is left out too: the reason names it.
  const readable = Number.isFinite(ms) && Math.abs(ms) < 253_402_300_800_000;
  return {
    _id: id,
    at,
    reason,
    source: { ...record.source },
    host: record.host,
    service: record.service,
    ts: readable ? record.ts : null,
    text: record.raw.length > DEAD_LETTER_TEXT ? record.raw.slice(0, DEAD_LETTER_TEXT) : record.raw,
    length: record.raw.length,
  };
}
