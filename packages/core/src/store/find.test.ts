/** The filter as each engine plans it (find.ts, plannedFilter). */
import { plannedFilter } from './find';

const planned = { indexedReads: true, server: 'mongodb' } as const;
const start = { $gte: new Date(0), $lte: new Date(1000) };

describe('plannedFilter', () => {
  it('writes "has a value" as $expr where reads are planned on indexes, so no index is taken for it', () => {
    expect(plannedFilter(planned, { start, userId: { $ne: null } })).toEqual({
      start,
      $expr: { $gt: ['$userId', null] },
    });
  });

  it('joins several such checks', () => {
    expect(plannedFilter(planned, { userId: { $ne: null }, projectId: { $ne: null } })).toEqual({
      $expr: { $and: [{ $gt: ['$userId', null] }, { $gt: ['$projectId', null] }] },
    });
  });

  it('leaves other conditions, and $ne of a value, as they are', () => {
    const filter = { start, host: { $ne: 'compute-1' }, userId: { $ne: null, $in: ['u1', 'u2'] }, $or: [{ a: 1 }] };
    expect(plannedFilter(planned, filter)).toBe(filter);
  });

  it('keeps the plain form on an engine that scans (FerretDB 1.24 has no $gt in $expr)', () => {
    const filter = { start, userId: { $ne: null } };
    expect(plannedFilter({ indexedReads: false, server: 'ferretdb' }, filter)).toBe(filter);
    // Even where a test walks slices on it as if it planned on indexes.
    expect(plannedFilter({ indexedReads: true, server: 'ferretdb' }, filter)).toBe(filter);
  });
});
