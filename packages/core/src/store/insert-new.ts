/**
 * Inserting documents that may already exist, or that the server may refuse one by one: an `_id` already
 * stored is reported as a duplicate, a document the server (or the driver) refuses is reported with the
 * reason, and every other document of the batch is still stored. Only errors that are not about one
 * document (an outage, a step-down, a timeout) are thrown.
 */
import {
  BSON,
  MongoBulkWriteError,
  MongoInvalidArgumentError,
  MongoServerError,
  type Collection,
  type Document,
  type OptionalUnlessRequiredId,
} from 'mongodb';

const DUPLICATE_KEY = 11000;

/** Server codes that say "the server is busy or changing", never "this document is bad". */
const TRANSIENT_CODES = new Set([50, 91, 112, 189, 262, 10107, 11600, 11602, 13435, 13436]);

/** Server codes of a whole command refused because of one of its documents (bad key, too large, bad BSON). */
const DOCUMENT_CODES = new Set([2, 14, 16, 22, 52, 56, 10334, 17419, 17280]);

/** True for the server's refusal of a second document with the same unique key. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown })?.code === DUPLICATE_KEY;
}

/** What an insert did besides storing: indexes of documents already there, and of documents refused. */
export interface InsertOutcome {
  duplicates: Set<number>;
  /** Index → the server's or driver's reason. */
  refused: Map<number, string>;
  /**
   * True when the batch had to be retried in parts: a document reported as a duplicate may then have been
   * stored by this very call (see store/logs.ts).
   */
  retried: boolean;
}

/**
 * One unordered insertMany; returns the indexes of the documents whose `_id` was already stored. Any other
 * write error is thrown. Inserting is far cheaper than upserting on FerretDB 1.24, which runs every update
 * in its own transaction but a whole insertMany in one, so callers insert first and update only what exists.
 */
export async function insertNew<T extends Document>(collection: Collection<T>, docs: T[]): Promise<Set<number>> {
  const outcome = await insertEach(collection, docs);
  const [first] = outcome.refused.values();
  if (first !== undefined) throw new Error(`the database refused a document: ${first}`);
  return outcome.duplicates;
}

/**
 * Like `insertNew`, but a document the server or the driver refuses is reported instead of failing the
 * batch. MongoDB and FerretDB both report such documents one by one in an unordered insertMany; a refusal
 * the driver makes before sending (a NUL in a key, a document over 16 MiB) fails the whole call, so the batch
 * is then split in halves until the refused documents stand alone.
 */
export async function insertEach<T extends Document>(collection: Collection<T>, docs: T[]): Promise<InsertOutcome> {
  const outcome: InsertOutcome = { duplicates: new Set(), refused: new Map(), retried: false };
  await insertRange(collection, docs, 0, docs.length, outcome);
  return outcome;
}

async function insertRange<T extends Document>(
  collection: Collection<T>,
  docs: T[],
  start: number,
  end: number,
  outcome: InsertOutcome,
): Promise<void> {
  if (start >= end) return;
  try {
    await collection.insertMany(docs.slice(start, end) as OptionalUnlessRequiredId<T>[], { ordered: false });
    return;
  } catch (error) {
    if (error instanceof MongoBulkWriteError && [error.writeErrors].flat().length > 0) {
      for (const written of [error.writeErrors].flat()) {
        if (isDuplicateKey(written)) outcome.duplicates.add(start + written.index);
        else if (isTransient(written)) throw error;
        else outcome.refused.set(start + written.index, `${written.errmsg ?? 'refused'} (code ${written.code})`);
      }
      return;
    }
    if (!refusesADocument(error)) throw error;
    if (end - start === 1) {
      outcome.refused.set(start, (error as Error).message);
      return;
    }
  }
  outcome.retried = true;
  const middle = start + Math.ceil((end - start) / 2);
  await insertRange(collection, docs, start, middle, outcome);
  await insertRange(collection, docs, middle, end, outcome);
}

function isTransient(written: { code?: unknown; errInfo?: unknown }): boolean {
  return typeof written.code === 'number' && TRANSIENT_CODES.has(written.code);
}

/** A whole insert refused because of (at least) one of its documents. */
function refusesADocument(error: unknown): boolean {
  if (BSON.BSONError.isBSONError(error)) return true;
  // insertMany wraps what the driver's serialiser refused (a NUL in a key) in a bulk error without write errors.
  if (error instanceof MongoBulkWriteError && BSON.BSONError.isBSONError(error.errorResponse)) return true;
  if (error instanceof MongoInvalidArgumentError) return /larger than the maximum size/i.test(error.message);
  return error instanceof MongoServerError && typeof error.code === 'number' && DOCUMENT_CODES.has(error.code);
}

/** A document to insert when new, and the update that folds it into the stored one otherwise. */
export interface InsertOrFold<T extends Document> {
  doc: T & { _id: string };
  update: Record<string, unknown>;
}

/**
 * Folds into stored documents, one update each, adding to their sets only values they do not hold yet.
 * DocumentDB (FerretDB 2.x over PostgreSQL; bench/engine-bugs.ts) stores an array field once more, unseen
 * by readers but counted in the document's size, whenever one update both changes the document and
 * `$addToSet`s a value it already holds — another `$inc`, another set that grows. A summary folded batch after
 * batch then doubled in storage until it passed 16 MiB and every later fold of it failed. Reading the stored
 * sets first (one `_id $in` find) and sending only new values keeps every update exact on every engine;
 * a set with nothing new is left out of the update. A concurrent writer adding the same value between the
 * read and the update can still make one such fold; it is harmless on MongoDB and FerretDB 1.24.
 */
export async function foldNewValues<T extends Document>(
  collection: Collection<T>,
  folds: ReadonlyArray<{ _id: string; update: Record<string, unknown> }>,
): Promise<Array<{ _id: string; update: Record<string, unknown> }>> {
  const fields = new Set(folds.flatMap((fold) => Object.keys((fold.update.$addToSet as object | undefined) ?? {})));
  if (fields.size === 0) return [...folds];
  const stored = new Map<string, Document>();
  const projection = Object.fromEntries([...fields].map((field) => [field, 1]));
  const ids = [...new Set(folds.map((fold) => fold._id))];
  for (const doc of await collection.find({ _id: { $in: ids } } as never, { projection }).toArray())
    stored.set(String(doc._id), doc);
  return folds.map((fold) => ({ _id: fold._id, update: withoutStoredValues(fold.update, stored.get(fold._id)) }));
}

function withoutStoredValues(update: Record<string, unknown>, stored: Document | undefined): Record<string, unknown> {
  const { $addToSet: addToSet, ...rest } = update as { $addToSet?: Record<string, { $each: unknown[] }> };
  if (addToSet === undefined) return update;
  const adding: Record<string, { $each: unknown[] }> = {};
  for (const [field, { $each: values }] of Object.entries(addToSet)) {
    const held = new Set(((stored?.[field] as unknown[] | undefined) ?? []).map((value) => JSON.stringify(value)));
    const fresh = values.filter((value) => !held.has(JSON.stringify(value)));
    if (fresh.length > 0) adding[field] = { $each: fresh };
  }
  return Object.keys(adding).length === 0 ? rest : { ...rest, $addToSet: adding };
}

/**
 * Inserts the new documents in one insertMany and folds the rest in one unordered bulkWrite of `_id`
 * updates (the only filter FerretDB 1.24 serves by its primary key), one update per document whose sets
 * gain only new values (`foldNewValues`). The updates must be order-independent ($inc, $min, $max,
 * $addToSet), so concurrent writers and any arrival order give the same documents.
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
  const folds = await foldNewValues(
    collection,
    [...existing].map((index) => {
      const entry = entries[index] as InsertOrFold<T>;
      return { _id: entry.doc._id, update: entry.update };
    }),
  );
  const updates = folds.filter((fold) => Object.keys(fold.update).length > 0);
  if (updates.length === 0) return;
  await collection.bulkWrite(
    updates.map(({ _id, update }) => ({ updateOne: { filter: { _id } as never, update: update as never } })),
    { ordered: false },
  );
}
