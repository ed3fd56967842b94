/**
 * The key cursors are signed with (query/cursor.ts): 32 random bytes kept in `meta`, made by whichever server
 * needs it first, so every `logcas serve` on one database accepts the others' cursors, across restarts.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { readOrCreateMetaValue } from '../store/checkpoints';
import type { Store } from '../store/connection';

const META_NAME = 'cursorKey';

// Per database, not per store object: a request's store (with its deadline) is a new view of the same one.
const keys = new WeakMap<Db, Promise<Buffer>>();

export function readCursorKey(store: Store): Promise<Buffer> {
  let key = keys.get(store.db);
  if (!key) {
    key = readOrCreateMetaValue(store, META_NAME, () => randomBytes(32).toString('base64')).then((text) =>
      Buffer.from(String(text), 'base64'),
    );
    // A failed read (the database is down) is not remembered: the next request tries again.
    key.catch(() => keys.delete(store.db));
    keys.set(store.db, key);
  }
  return key;
}
