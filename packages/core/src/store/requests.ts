/**
 * `requests` / `archive_requests`: a request's summary by id, the time-overlap filter every request read
 * uses, the longest duration that bounds it, and the writes that fold logs into summaries.
 */
import type { Collection } from 'mongodb';
import { requestsCollection, type DataSet, type StoredLog, type StoredRequest } from './collections';
import type { Store } from './connection';
import { findById, findDocuments, type FindPlan, type MongoFilter } from './find';
import { eachLimited } from './concurrency';
import { foldNewValues, insertNew } from './insert-new';
import { requestDeltas, requestDocument, requestUpdate, ROLLUP_PROJECTION } from './rollups';

export function findRequestById(store: Store, set: DataSet, id: string): Promise<StoredRequest | null> {
  return findById<StoredRequest>(store, requestsCollection(set), id);
}

/**
 * Summaries whose lifetime overlaps [from, to]: `start <= to and end >= from`. With the longest stored
 * duration D (or a bound on it: `maxRequestDuration`) it also implies `start >= from − D` and `end <= to + D`,
 * which bounds the index range on both sides. Either end of the range may be open. The request list and the
 * archive both select requests by time through this filter.
 */
export function overlapFilter(range: { from?: Date; to?: Date }, longestMs: number): MongoFilter {
  const filter: MongoFilter = {};
  const start: Record<string, Date> = {};
  const end: Record<string, Date> = {};
  if (range.to) {
    start.$lte = range.to;
    end.$lte = new Date(range.to.getTime() + longestMs);
  }
  if (range.from) {
    end.$gte = range.from;
    start.$gte = new Date(range.from.getTime() - longestMs);
  }
  if (Object.keys(start).length > 0) filter.start = start;
  if (Object.keys(end).length > 0) filter.end = end;
  return filter;
}

/** Stored durations are whole ms below 2^HIGHEST_EXPONENT (about 557 years). */
const HIGHEST_EXPONENT = 44;

/** The find "is any request at least this long": a range on `durationMs_id`, stopping at the first match. */
export function longerThanPlan(set: DataSet, ms: number): FindPlan {
  const collection = requestsCollection(set);
  return {
    collection,
    filter: { durationMs: { $gte: ms } },
    sort: [],
    skip: 0,
    limit: 1,
    projection: { _id: 1 },
    shape: { collection, equality: [], sort: [], range: ['durationMs'], residual: [] },
  };
}

/** The first probe: 2^31 ms is about 25 days, longer than any request; then down by factors of 8. */
const GALLOP_FROM = 31;
const GALLOP_STEP = 3;

/**
 * A bound on the longest stored request duration (ms): no stored duration reaches it, and it is at most twice
 * the longest; 0 when no request lasts a millisecond. Power-of-two probes, each a range on `durationMs_id`
 * limited to one row, where asking for the longest one (sort by duration, limit 1) sorts every summary on an
 * engine that sorts after matching. Such an engine may also read every match of a probe's range before the
 * limit applies (DocumentDB: 1.4 s for `>= 32 ms`, 6 ms for `>= 2^19 ms` at 450k summaries), so the probes
 * start long and come down, and only thresholds near the answer match anything (docs/scaling.md).
 */
export async function maxRequestDuration(store: Store, set: DataSet): Promise<number> {
  const reaches = async (exponent: number): Promise<boolean> =>
    (await findDocuments(store, longerThanPlan(set, 2 ** exponent))).length > 0;
  // Invariant: some duration reaches 2^below (or below = -1: nothing known), none reaches 2^above.
  let below = -1;
  let above = HIGHEST_EXPONENT;
  for (let exponent = GALLOP_FROM; exponent >= 0; exponent -= GALLOP_STEP) {
    if (await reaches(exponent)) {
      below = exponent;
      break;
    }
    above = exponent;
  }
  while (above - below > 1) {
    const middle = Math.floor((below + above) / 2);
    if (await reaches(middle)) below = middle;
    else above = middle;
  }
  return below < 0 ? 0 : 2 ** above;
}

/** Summary updates in flight at once. */
const CONCURRENCY = 8;

type Span = Pick<StoredRequest, '_id' | 'start' | 'end' | 'durationMs'>;
const SPAN = { projection: { start: 1, end: 1, durationMs: 1 } } as const;
const staleDuration = (s: Span): boolean => s.durationMs !== s.end.getTime() - s.start.getTime();

/**
 * New summaries are inserted in one insertMany. Then one upsert per summary that already existed, adding to
 * its sets only the hosts and services it lacks (`foldNewValues`), each returning the summary as it now is;
 * where an older, wider span makes `durationMs` wrong it is set again (FerretDB has no pipeline updates to
 * compute end − start in the server). Every filter is `_id` alone, the only filter FerretDB 1.24 runs through its primary key rather than a scan.
 * A concurrent writer may widen a span between our read and our fix, so a fixed summary is read again until
 * it matches: whoever changes a span last also checks it last.
 */
export async function updateSummaries(store: Store, logs: Iterable<StoredLog>): Promise<number> {
  const all = [...requestDeltas(logs).values()];
  const requests: Collection<StoredRequest> = store.requests();
  // Most requests of a batch are new: insert those whole; only the ones already stored take the update path.
  const existing = await insertNew(requests, all.map(requestDocument));
  const folds = await foldNewValues(
    requests,
    all
      .filter((_delta, index) => existing.has(index))
      .map((delta) => ({ _id: delta.requestId, update: requestUpdate(delta) })),
  );
  let stale: Span[] = [];
  await eachLimited(folds, CONCURRENCY, async ({ _id, update }) => {
    const after = await requests.findOneAndUpdate({ _id }, update, {
      upsert: true,
      returnDocument: 'after',
      // No projection: FerretDB 1.24's findAndModify does not implement `fields`.
    });
    if (after && staleDuration(after)) stale.push(after);
  });
  while (stale.length > 0) {
    const fixing = stale;
    stale = [];
    await eachLimited(fixing, CONCURRENCY, async (summary) => {
      const durationMs = summary.end.getTime() - summary.start.getTime();
      await requests.updateOne({ _id: summary._id }, { $set: { durationMs } });
      const now = await requests.findOne({ _id: summary._id }, SPAN);
      if (now && staleDuration(now)) stale.push(now);
    });
  }
  return all.length;
}

/** Replaces the summaries of `requestIds` by ones recomputed from all of their logs (crash recovery). */
export async function recomputeSummaries(store: Store, requestIds: string[]): Promise<void> {
  if (requestIds.length === 0) return;
  const logs = await store
    .logs()
    .find({ requestId: { $in: requestIds } }, { projection: ROLLUP_PROJECTION })
    .toArray();
  for (const delta of requestDeltas(logs).values()) {
    await store.requests().replaceOne({ _id: delta.requestId }, requestDocument(delta), { upsert: true });
  }
}
