/** Volume rollup reads: minute buckets summed per minute and level. */
import type { MongoFilter } from '../query/plan';
import type { Store } from './connection';
import { withStoreErrors } from './driver-errors';

export interface MinuteLevelCount {
  minute: Date;
  level: number;
  count: number;
}

/** Sums the `volume` buckets matching `filter` per (minute, level), on the server. */
export function sumVolumeBuckets(store: Store, filter: MongoFilter): Promise<MinuteLevelCount[]> {
  return withStoreErrors(async () => {
    // Only $match/$group/$sum: FerretDB 1.24 supports these (SPEC §4).
    const rows = await store
      .volume()
      .aggregate<{ _id: { minute: Date; level: number }; count: number }>([
        { $match: filter },
        { $group: { _id: { minute: '$minute', level: '$level' }, count: { $sum: '$count' } } },
      ])
      .toArray();
    return rows.map((row) => ({ minute: new Date(row._id.minute), level: row._id.level, count: row.count }));
  });
}
