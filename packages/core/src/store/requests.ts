/** Folds a batch of newly stored logs into their request summaries (`requests`). */
import type { Collection } from 'mongodb';
import type { Store } from './connection';
import type { StoredLog, StoredRequest } from './documents';
import { insertNew } from './insert-new';
import { requestDeltas, requestDocument, requestUpdate } from './rollups';

/** Summary updates in flight at once: FerretDB runs each in its own transaction, so overlap hides latency. */
const CONCURRENCY = 8;

async function eachLimited<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

type Span = Pick<StoredRequest, '_id' | 'start' | 'end' | 'durationMs'>;
const SPAN = { projection: { start: 1, end: 1, durationMs: 1 } } as const;
const staleDuration = (s: Span): boolean => s.durationMs !== s.end.getTime() - s.start.getTime();

/**
 * New summaries are inserted in one insertMany. Then one upsert per summary that already existed, each returning the summary as it now is; where an older, wider span makes
 * `durationMs` wrong it is set again (FerretDB has no pipeline updates to compute end − start in the server).
 * Every filter is `_id` alone, the only filter FerretDB 1.24 runs through its primary key rather than a scan.
 * A concurrent writer may widen a span between our read and our fix, so a fixed summary is read again until
 * it matches: whoever changes a span last also checks it last.
 */
export async function updateSummaries(store: Store, logs: Iterable<StoredLog>): Promise<number> {
  const all = [...requestDeltas(logs).values()];
  const requests: Collection<StoredRequest> = store.requests();
  // Most requests of a batch are new: insert those whole; only the ones already stored take the update path.
  const existing = await insertNew(requests, all.map(requestDocument));
  const deltas = all.filter((_delta, index) => existing.has(index));
  let stale: Span[] = [];
  await eachLimited(deltas, async (delta) => {
    const after = await requests.findOneAndUpdate({ _id: delta.requestId }, requestUpdate(delta), {
      upsert: true,
      returnDocument: 'after',
      // No projection: FerretDB 1.24's findAndModify does not implement `fields`.
    });
    if (after && staleDuration(after)) stale.push(after);
  });
  while (stale.length > 0) {
    const fixing = stale;
    stale = [];
    await eachLimited(fixing, async (summary) => {
      const durationMs = summary.end.getTime() - summary.start.getTime();
      await requests.updateOne({ _id: summary._id }, { $set: { durationMs } });
      const now = await requests.findOne({ _id: summary._id }, SPAN);
      if (now && staleDuration(now)) stale.push(now);
    });
  }
  return all.length;
}
