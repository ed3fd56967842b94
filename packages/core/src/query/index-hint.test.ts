/** Which index a find names to the engine (find.ts, indexHint), for shapes the query builders make. */
import { buildLogFind, readLogQuery } from './log-query';
import { buildRequestFind, readRequestQuery } from './request-query';
import { indexHint } from '../store/find';

const planned = { indexedReads: true };
const from = '2026-11-20T00:00:00.000Z';
const to = '2026-11-21T00:00:00.000Z';

describe('indexHint', () => {
  it('names the sort index when "has a user" would bait the planner onto userId_start_id', () => {
    const plan = buildRequestFind(readRequestQuery({ from, to, sort: 'start', order: 'desc' }), 60_000, undefined);
    expect(plan.shape.residual).toContain('userId');
    expect(indexHint(planned, plan.shape)).toBe('start_id');
  });

  it('prefers the index led by an equality field', () => {
    const plan = buildRequestFind(readRequestQuery({ from, to, sort: 'start', host: 'compute-1' }), 60_000, undefined);
    expect(indexHint(planned, plan.shape)).toBe('hosts_start_id');
  });

  it('names the end index for lists sorted by end', () => {
    const plan = buildRequestFind(readRequestQuery({ from, to, sort: 'end', order: 'asc' }), 60_000, undefined);
    expect(indexHint(planned, plan.shape)).toBe('end_id');
  });

  it('leaves the planner alone where no residual field leads an index', () => {
    const plan = buildLogFind(readLogQuery({ from, to, minLevel: 'INFO' }), undefined);
    expect(plan.shape.residual).toEqual([]);
    expect(indexHint(planned, plan.shape)).toBeUndefined();
  });

  it('names nothing on an engine that scans collections (FerretDB 1.24)', () => {
    const plan = buildRequestFind(readRequestQuery({ from, to, sort: 'start' }), 60_000, undefined);
    expect(indexHint({ indexedReads: false }, plan.shape)).toBeUndefined();
  });
});
