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

/** A document to insert when new, and the update that folds it into the stored one otherwise. */
export interface InsertOrFold<T extends Document> {
  doc: T & { _id: string };
  update: Record<string, unknown>;
}

/**
 * An update as the operations to send: `$addToSet` apart from the others. DocumentDB (FerretDB 2.x over
 * PostgreSQL) stores the array field once more whenever one update both `$inc`s and `$addToSet`s a value
 * already in the set, so a summary folded batch after batch doubled in size each time until it passed
 * 16 MiB. Sent apart, each is exact on every engine.
 */
function foldOperations(update: Record<string, unknown>): Array<Record<string, unknown>> {
  const { $addToSet: addToSet, ...rest } = update;
  if (addToSet === undefined || Object.keys(rest).length === 0) return [update];
  return [rest, { $addToSet: addToSet }];
}

/**
 * Inserts the new documents in one insertMany and folds the rest in one unordered bulkWrite of `_id`
 * updates (the only filter FerretDB 1.24 serves by its primary key). The updates must be order-independent
 * ($inc, $min, $max, $addToSet), so concurrent writers and any arrival order give the same documents.
 */
export async function insertOrFold<T extends Document>(
  collection: Collection<T>,
  entries: InsertOrFold<T>[],
): Promise<void> {
  const existing = await insertNew(
    collection,
    entries.map((entry) => entry.doc),
  );
  if (existing.size === 0) return;
  await collection.bulkWrite(
    [...existing].flatMap((index) => {
      const entry = entries[index] as InsertOrFold<T>;
      return foldOperations(entry.update).map((update) => ({
        updateOne: { filter: { _id: entry.doc._id } as never, update: update as never },
      }));
    }),
    { ordered: false },
  );
}
