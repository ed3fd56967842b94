/**
 * Opaque keyset cursors. A cursor names the last row of a page by its sort-key values (times as epoch ms)
 * and its `_id`, plus the page number it ends and the total counted on the first page, so the next page
 * is `sortKeys > cursor` — exact while new rows arrive, no gaps and no repeats.
 *
 * A cursor is signed: `<base64url JSON>.<base64url HMAC-SHA256, 16 bytes>` with a key every server on the
 * database shares (query/cursor-key.ts), so the page and total it carries are the server's own, never a
 * client's invention; anything else is a 400 naming `cursor`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../errors';
import type { MongoFilter, SortSpec } from '../store/find';

export type CursorValue = string | number | null;

export interface Cursor {
  /** What the cursor was made for; a cursor used with another sort or order is rejected. */
  sort: string;
  /** Sort-key values of the last row, in sort order, `_id` last. */
  keys: CursorValue[];
  /** Page number of the page this cursor ends. */
  page: number;
  total: number;
  totalExact: boolean;
}

const VERSION = 1;
const MAC_BYTES = 16;
const CURSOR_TEXT = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{22})$/;

function mac(body: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
}

/** The cursor's text, signed with `key`. */
export function encodeCursor(cursor: Cursor, key: Buffer): string {
  const body = [VERSION, cursor.sort, cursor.keys, cursor.page, cursor.total, cursor.totalExact ? 1 : 0];
  const text = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
  return `${text}.${mac(text, key).toString('base64url')}`;
}

/** Reads a cursor made by `encodeCursor` with `key` for the same sort; anything else is a 400 naming `cursor`. */
export function decodeCursor(text: string, sort: string, keyCount: number, key: Buffer): Cursor {
  const bad = (why: string): ValidationError =>
    new ValidationError(`cursor is not valid here (${why}); use the nextCursor of the previous page`, 'cursor');
  const parts = CURSOR_TEXT.exec(text);
  if (!parts) throw bad('unreadable');
  const [, data, signature] = parts as unknown as [string, string, string];
  if (!timingSafeEqual(Buffer.from(signature, 'base64url'), mac(data, key))) throw bad('not made by this server');
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(data, 'base64url').toString('utf8'));
  } catch {
    throw bad('unreadable');
  }
  if (!Array.isArray(body) || body.length !== 6 || body[0] !== VERSION) throw bad('unknown format');
  const [, cursorSort, keys, page, total, exact] = body as [number, unknown, unknown, unknown, unknown, unknown];
  if (cursorSort !== sort) throw bad(`it was made for another sort or order (${String(cursorSort)})`);
  const keyOk = (value: unknown): boolean =>
    value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
  if (!Array.isArray(keys) || keys.length !== keyCount || !keys.every(keyOk)) throw bad('wrong keys');
  if (!Number.isInteger(page) || (page as number) < 1) throw bad('wrong page');
  if (!Number.isInteger(total) || (total as number) < 0) throw bad('wrong total');
  return { sort, keys: keys as CursorValue[], page: page as number, total: total as number, totalExact: exact === 1 };
}

/**
 * The filter "after this row" in the given sort: (k1 > v1) or (k1 = v1 and k2 > v2) or ... — with `$lt`
 * for descending keys. `dateFields` are stored as Dates and travel in the cursor as epoch ms.
 */
export function keysetFilter(
  sort: SortSpec,
  keys: readonly CursorValue[],
  dateFields: ReadonlySet<string>,
): MongoFilter {
  const value = (field: string, raw: CursorValue): unknown =>
    dateFields.has(field) && typeof raw === 'number' ? new Date(raw) : raw;
  const branches: MongoFilter[] = [];
  for (let i = 0; i < sort.length; i += 1) {
    const branch: MongoFilter = {};
    for (let j = 0; j < i; j += 1) {
      const [field] = sort[j] as readonly [string, 1 | -1];
      branch[field] = value(field, keys[j] ?? null);
    }
    const [field, direction] = sort[i] as readonly [string, 1 | -1];
    branch[field] = { [direction === 1 ? '$gt' : '$lt']: value(field, keys[i] ?? null) };
    branches.push(branch);
  }
  return branches.length === 1 ? (branches[0] as MongoFilter) : { $or: branches };
}

/** Sort-key values of a row for its cursor (Dates become epoch ms). */
export function cursorKeys(row: Record<string, unknown>, sort: SortSpec): CursorValue[] {
  return sort.map(([field]) => {
    const raw = row[field];
    if (raw instanceof Date) return raw.getTime();
    if (typeof raw === 'string' || typeof raw === 'number') return raw;
    return null;
  });
}
