/**
 * The archive run's and prune's queries, as their own builders make them (store/archive.ts, store/requests.ts,
 * store/prune.ts), against the declared indexes by the same Equality-Sort-Range check the query engine's
 * shapes pass (test/index-fit.test.ts).
 */
import {
  archivedTriggersPlan,
  ingestedSincePlan,
  logsOfRequestsPlan,
  overlappingRequestsPlan,
} from '../src/store/archive';
import type { DataSet } from '../src/store/collections';
import type { QueryShape } from '../src/store/find';
import { indexFits } from '../src/store/index-fit';
import { INDEXES } from '../src/store/indexes';
import { pruneDeletes } from '../src/store/prune';
import { longerThanPlan } from '../src/store/requests';

const FROM = new Date('2026-11-24T10:00:00Z');
const TO = new Date('2026-11-24T11:00:00Z');

const SHAPES: Array<[string, QueryShape]> = [
  ['logs ingested since the watermark', ingestedSincePlan(FROM).shape],
  ['logs of requests', logsOfRequestsPlan(['req-a', 'req-b']).shape],
  ['requests overlapping a trigger cluster', overlappingRequestsPlan(FROM, TO, 60_000).shape],
  ['archived trigger times', archivedTriggersPlan(FROM, TO, 30).shape],
  ['longest live request (probe)', longerThanPlan('live', 2 ** 20).shape],
  ...(['live', 'archive'] as DataSet[]).flatMap((set) =>
    Object.entries(pruneDeletes(set, FROM)).flatMap(([what, plans]): Array<[string, QueryShape]> =>
      plans.map((plan) => [`prune ${set} ${what} ${plan.collection}`, plan.shape]),
    ),
  ),
];

describe('archive and prune queries have a fitting index', () => {
  it('covers every prune delete of both data sets', () => {
    expect(SHAPES.filter(([name]) => name.startsWith('prune')).map(([name]) => name)).toEqual([
      'prune live logs logs',
      'prune live requests requests',
      'prune live volume volume',
      'prune live views error_buckets',
      'prune live views errors',
      'prune live views error_requests',
      'prune live views resources',
      'prune live views resource_requests',
      'prune archive logs archive_logs',
      'prune archive requests archive_requests',
      'prune archive views archive_error_buckets',
      'prune archive views archive_errors',
      'prune archive views archive_error_requests',
      'prune archive views archive_resources',
      'prune archive views archive_resource_requests',
    ]);
  });

  it.each(SHAPES)('%s', (_name, shape) => {
    expect(INDEXES.filter((index) => indexFits(index, shape)).map((index) => index.name)).not.toEqual([]);
  });

  it('fails an overlap query without the start index', () => {
    const without = INDEXES.filter((index) => !index.name.startsWith('start_'));
    const shape = overlappingRequestsPlan(FROM, TO, 0).shape;
    expect(without.filter((index) => indexFits(index, shape))).toEqual([]);
  });
});
