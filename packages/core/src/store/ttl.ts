/**
 * Retention the engine runs itself: TTL indexes on the live collections' time fields, so the server deletes
 * what is older than the retention in the background (MongoDB, FerretDB 2 / DocumentDB). Whether the engine
 * has them is found by asking it to build one: FerretDB 1.24 answers "not implemented", and the caller then
 * prunes instead (archive/prune.ts `retain`). docs/scaling.md, "Retention".
 */
import type { IndexDescription } from 'mongodb';
import { COLLECTIONS } from './collections';
import type { Store } from './connection';

interface TtlIndex {
  collection: string;
  name: string;
  field: string;
}

/**
 * Logs by event time, request summaries by their end (all their logs are then gone), volume buckets by
 * minute. The volume one replaces the declared `minute` index (same key, same name, so the same queries use
 * it): MongoDB allows one index per key pattern.
 */
export const TTL_INDEXES: readonly TtlIndex[] = [
  { collection: COLLECTIONS.logs, name: 'ts_ttl', field: 'ts' },
  { collection: COLLECTIONS.requests, name: 'end_ttl', field: 'end' },
  { collection: COLLECTIONS.volume, name: 'minute', field: 'minute' },
];

/** An engine without TTL indexes refuses the option (FerretDB 1.24: code 238, "not implemented yet"). */
function refusesTtl(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 238 || /expireAfterSeconds.*not implemented/i.test(String(message));
}

/**
 * Makes every TTL index expire after `seconds` (creating, or rebuilding one whose expiry differs). Returns
 * false, having changed nothing, when the engine has no TTL indexes.
 */
export async function ensureTtlIndexes(store: Store, seconds: number): Promise<boolean> {
  for (const [position, index] of TTL_INDEXES.entries()) {
    const collection = store.collection(index.collection);
    const existing = (await collection
      .listIndexes()
      .toArray()
      .catch(() => [])) as IndexDescription[];
    const current = existing.find((candidate) => candidate.name === index.name);
    if (current?.expireAfterSeconds === seconds) continue;
    if (current) await collection.dropIndex(index.name);
    try {
      await collection.createIndex({ [index.field]: 1 }, { name: index.name, expireAfterSeconds: seconds });
    } catch (error) {
      // Only the first index can meet a refusal: the engine has answered before anything changed.
      if (position === 0 && !current && refusesTtl(error)) return false;
      throw error;
    }
  }
  return true;
}
