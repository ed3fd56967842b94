/**
 * Writes into the archive twins without $merge or transactions (FerretDB has neither): logs are inserted
 * unordered and duplicate-key refusals are the "already archived" answer; summaries are written only when
 * missing or different, so a repeated run changes nothing.
 */
import { MongoBulkWriteError } from 'mongodb';
import type { Store } from './connection';
import type { StoredLog, StoredRequest } from './documents';

const DUPLICATE_KEY = 11000;

/** Inserts the logs that `archive_logs` does not have yet; returns the ones it inserted. */
export async function insertMissingArchiveLogs(store: Store, logs: StoredLog[]): Promise<StoredLog[]> {
  if (logs.length === 0) return [];
  try {
    await store.logs('archive').insertMany(logs, { ordered: false });
    return logs;
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    const refused = new Set<number>();
    for (const writeError of errors) {
      if (writeError.code !== DUPLICATE_KEY) throw error;
      refused.add(writeError.index);
    }
    return logs.filter((_log, index) => !refused.has(index));
  }
}

/** Stores each summary in `archive_requests` unless an identical one is there; returns how many it wrote. */
export async function upsertArchiveSummaries(store: Store, summaries: StoredRequest[]): Promise<number> {
  if (summaries.length === 0) return 0;
  const existing = await store
    .requests('archive')
    .find({ _id: { $in: summaries.map((summary) => summary._id) } })
    .toArray();
  const byId = new Map(existing.map((doc) => [doc._id, doc]));
  const missing = summaries.filter((summary) => !byId.has(summary._id));
  const changed = summaries.filter((summary) => byId.has(summary._id) && !sameDocument(byId.get(summary._id), summary));
  // Inserts are far cheaper than upserts on FerretDB; a summary inserted meanwhile by another writer is the
  // same one (the lease keeps archivers apart), so a duplicate refusal is fine.
  let written = 0;
  if (missing.length > 0) {
    try {
      await store.requests('archive').insertMany(missing, { ordered: false });
      written += missing.length;
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      if (errors.some((writeError) => writeError.code !== DUPLICATE_KEY)) throw error;
      written += missing.length - errors.length;
    }
  }
  if (changed.length > 0) {
    await store.requests('archive').bulkWrite(
      changed.map((summary) => ({ replaceOne: { filter: { _id: summary._id }, replacement: withoutId(summary) } })),
      { ordered: false },
    );
    written += changed.length;
  }
  return written;
}

function withoutId(summary: StoredRequest): Omit<StoredRequest, '_id'> {
  const { _id: _ignored, ...rest } = summary;
  return rest;
}

/** Deep equality of two stored documents, ignoring key order (servers may reorder fields). */
export function sameDocument(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameDocument(item, b[i]))
    );
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const aKeys = Object.keys(a as object).filter((key) => (a as Record<string, unknown>)[key] !== undefined);
  const bKeys = Object.keys(b as object).filter((key) => (b as Record<string, unknown>)[key] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => sameDocument((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
