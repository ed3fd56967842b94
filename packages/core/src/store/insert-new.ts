/** Inserting documents that may already exist: an `_id` already stored is reported, not thrown. */
import { MongoBulkWriteError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';

const DUPLICATE_KEY = 11000;

/** True for the server's refusal of a second document with the same unique key. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown })?.code === DUPLICATE_KEY;
}

/**
 * One unordered insertMany; returns the indexes of the documents whose `_id` was already stored. Any other
 * write error is thrown. Inserting is far cheaper than upserting on FerretDB 1.24, which runs every update
 * in its own transaction but a whole insertMany in one, so callers insert first and update only what exists.
 */
export async function insertNew<T extends Document>(collection: Collection<T>, docs: T[]): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  try {
    await collection.insertMany(docs as OptionalUnlessRequiredId<T>[], { ordered: false });
    return new Set();
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    if (writeErrors.length === 0 || !writeErrors.every(isDuplicateKey)) throw error;
    return new Set(writeErrors.map((w) => w.index));
  }
}
