/**
 * The exact text the API accepts for times, levels and cursors, as ECMAScript regular expressions (ASCII
 * only, so every JSON Schema tool reads them alike). The server validates its parameters with them and the
 * OpenAPI document states them, so the document is exactly as strict as the server.
 */
import { LEVEL_ALIASES, LEVEL_NAMES, MAX_LEVEL_NUMBER } from './levels';

const D = '[0-9]';
// A real calendar day: 29 and 30 in every month but February, 31 in the long months, 29 February in leap years.
const DATE =
  `(?:${D}{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1${D}|2[0-8])` +
  `|${D}{4}-(?:0[13-9]|1[0-2])-(?:29|30)` +
  `|${D}{4}-(?:0[13578]|1[02])-31` +
  `|(?:${D}{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)`;
const CLOCK = `(?:[Tt ](?:[01]${D}|2[0-3]):[0-5]${D}(?::[0-5]${D}(?:\\.${D}{1,9})?)?)`;
const ZONE = `(?:[Zz]|[+-](?:[01]${D}|2[0-3]):?[0-5]${D})`;

/** Epoch milliseconds (up to 15 digits), or an ISO 8601 date with an optional time and offset. */
export const TIME_PATTERN = `^(?:-?${D}{1,15}|${DATE}${CLOCK}?${ZONE}?)$`;

/** A case-insensitive character class per letter: `ERROR` → `[Ee][Rr][Rr][Oo][Rr]`. */
function anyCase(word: string): string {
  return [...word].map((c) => `[${c.toUpperCase()}${c.toLowerCase()}]`).join('');
}

const NUMBER = MAX_LEVEL_NUMBER === 100 ? `(?:100|0?${D}?${D})` : `${D}{1,3}`;

/** A level name in any case (aliases too) or a number 0–100 of up to three digits. */
export const LEVEL_PATTERN = `^(?:${[...LEVEL_NAMES, ...Object.keys(LEVEL_ALIASES)].map(anyCase).join('|')}|${NUMBER})$`;

/** A signed cursor: base64url data, a dot, and a 16-byte base64url signature. */
export const CURSOR_PATTERN = '^[A-Za-z0-9_-]{1,2000}\\.[A-Za-z0-9_-]{22}$';
